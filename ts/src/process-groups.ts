// Every child process group still alive (qemu and the like). If vmgate itself exits without tearing
// a machine down (a crash, an unhandled signal), the groups die with it.

export const liveGroups = new Set<number>()

process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
})
