// A slow-connection flooder for `pnpm bench:webhook-flood` (a child process: each holds its own file descriptors).
//   webhook-flood-client.ts PORT ADDRESSES PER_ADDRESS [headers|body]
// From each loopback address in ADDRESSES (comma-separated, all in 127.0.0.0/8) it keeps trying to hold PER_ADDRESS
// connections to 127.0.0.1:PORT: each sends the start of a request (headers without their end, or complete headers
// and then a body that never finishes), trickles a byte every 5 s, and when the server closes it, opens another
// after a second (a persistent attacker). Prints one JSON line a second: { open, opened, closed, errors }.
import { connect, type Socket } from 'node:net'

const [portText, addressList, perAddressText, mode = 'headers'] = process.argv.slice(2)
const port = Number(portText)
const addresses = (addressList ?? '').split(',').filter(Boolean)
const perAddress = Number(perAddressText)
if (!Number.isInteger(port) || addresses.length === 0 || !Number.isInteger(perAddress) || !['headers', 'body'].includes(mode)) {
  process.stderr.write('usage: webhook-flood-client.ts PORT ADDRESSES PER_ADDRESS [headers|body]\n')
  process.exit(2)
}
const start =
  mode === 'headers'
    ? 'POST /hooks/spec HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '
    : 'POST /hooks/spec HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{'

let open = 0
let opened = 0
let closed = 0
let errors = 0
const sockets = new Set<Socket>()
let stopping = false

function hold(localAddress: string): void {
  if (stopping) return
  const socket = connect({ port, host: '127.0.0.1', localAddress })
  sockets.add(socket)
  let connected = false
  socket.on('connect', () => {
    connected = true
    open += 1
    opened += 1
    socket.write(start)
  })
  socket.on('data', () => {})
  socket.on('error', () => {
    if (!connected) errors += 1
  })
  socket.on('close', () => {
    sockets.delete(socket)
    if (connected) {
      open -= 1
      closed += 1
    }
    setTimeout(() => hold(localAddress), 1000 + Math.random() * 500)
  })
}

// Opened in steps, so that the listen backlog is not overrun by one burst of SYNs.
const slots = addresses.flatMap((address) => Array.from({ length: perAddress }, () => address))
let next = 0
const ramp = setInterval(() => {
  for (const end = Math.min(next + 500, slots.length); next < end; next++) hold(slots[next]!)
  if (next >= slots.length) clearInterval(ramp)
}, 50)
const trickle = setInterval(() => {
  for (const socket of sockets) if (socket.writable) socket.write(mode === 'headers' ? 'a' : ' ')
}, 5000)
const report = setInterval(() => process.stdout.write(`${JSON.stringify({ open, opened, closed, errors })}\n`), 1000)

process.once('SIGTERM', () => {
  stopping = true
  clearInterval(ramp)
  clearInterval(trickle)
  clearInterval(report)
  for (const socket of sockets) socket.destroy()
  setTimeout(() => process.exit(0), 100)
})
