// tiny-inflate ships no types. It inflates a raw DEFLATE stream into `dest` (sized to the inflated length by the
// caller) and returns `dest`, or the part of it that was filled.
declare module 'tiny-inflate' {
  export default function inflate(source: Uint8Array, dest: Uint8Array): Uint8Array
}
