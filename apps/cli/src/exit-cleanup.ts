/**
 * Work that must run before the process ends early (a reader closed the pipe: `scanplan plan | head -1`), such as
 * logging the v2 session out: Qualys keeps forgotten sessions open and they count against the account. The one
 * place that ends the process on EPIPE (fd-output.ts) runs these first, each bounded in time.
 */
const cleanups = new Set<() => Promise<void>>()

/** Registers `cleanup`; the returned function unregisters it (call it once the command has cleaned up itself). */
export function onEarlyExit(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup)
  return () => void cleanups.delete(cleanup)
}

/** Runs every registered cleanup at once, none for longer than `timeoutMs`; never rejects. */
export async function runEarlyExitCleanups(timeoutMs = 10_000): Promise<void> {
  const pending = [...cleanups]
  cleanups.clear()
  await Promise.allSettled(
    pending.map((cleanup) => Promise.race([cleanup(), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())])),
  )
}
