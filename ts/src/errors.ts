// The three outcomes a user must tell apart, each with its own exit code.
// A failed test is the guest's word, a classification (guest/classify.ts), not
// an exception; a UsageError is bad input; an InfraError is the lab itself
// (qemu, a build, a missing tool) letting the test down.

export const ExitCode = { pass: 0, testFailed: 1, usage: 2, infra: 3, interrupted: 130 } as const

/** A run of several tests: any lab failure makes the whole result untrustworthy (3), else any failure is 1. */
export function exitCodeFor(outcomes: { failed: boolean; infra: boolean }[]): number {
  if (outcomes.some((o) => o.infra)) return ExitCode.infra
  return outcomes.some((o) => o.failed) ? ExitCode.testFailed : ExitCode.pass
}

abstract class VmgateError extends Error {
  abstract readonly exitCode: number
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
  }
}

export class UsageError extends VmgateError {
  readonly exitCode = ExitCode.usage
}

/** A test's own check failed (the Machine API's succeed, fail, waits): exit 1, no stack. */
export class TestFailure extends VmgateError {
  readonly exitCode = ExitCode.testFailed
}

export class InfraError extends VmgateError {
  readonly exitCode = ExitCode.infra
}

export class Interrupted extends VmgateError {
  readonly exitCode = ExitCode.interrupted
  constructor(signal: string) {
    super(`interrupted by ${signal}`)
  }
}

export function isVmgateError(error: unknown): error is VmgateError {
  return error instanceof VmgateError
}
