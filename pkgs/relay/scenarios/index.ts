// relayd's scenarios, in the catalog through pkgs/relay/extension.ts.
import type { Scenario } from '../../../ts/src/scenario/scenario.js'
import { machineScenarios } from './machines.js'
import { relayScenarios, resilienceScenarios } from './relay.js'
import { xdpScenarios } from './relay-xdp.js'

export const scenarios: Scenario[] = [...relayScenarios, ...resilienceScenarios, ...xdpScenarios, ...machineScenarios]
