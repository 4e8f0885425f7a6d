/** Thrown by argument handling; main() prints it with the command's usage line and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message)
    this.name = 'UsageError'
  }
}
