// `import { inVm } from 'vmgate/tap'`: tap tests whose bodies run in a guest.
export { inVm, type InVmOptions } from './in-vm.js'
