// Preloaded with `-r` by cli.test.ts into the BUILT launcher (dist/bin.cjs): writes to SCANPLAN_RECORD_LAUNCHER, at
// exit, the CommonJS files the process loaded and which of process.stdin/stdout/stderr it built (each is a stream
// built on first read, the cost the launcher avoids). CommonJS, so that it starts no ES module loader itself.
const { writeFileSync } = require('node:fs')

const built = []
for (const name of ['stdin', 'stdout', 'stderr']) {
  const original = Object.getOwnPropertyDescriptor(process, name)
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: original.enumerable,
    get() {
      if (!built.includes(name)) built.push(name)
      return original.get.call(process)
    },
  })
}
process.on('exit', () => {
  const files = Object.keys(require.cache).filter((f) => f !== __filename)
  writeFileSync(process.env.SCANPLAN_RECORD_LAUNCHER, JSON.stringify({ files, streams: built }))
})
