// Just enough protobuf wire encoding and TFRecord framing to write event files from tests and
// benchmarks (scalars, text, a GraphDef), so they feed the real server without TensorFlow.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1; // CRC-32C
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32c(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function masked(crc) {
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/** One TFRecord: length, masked CRC of the length, data, masked CRC of the data. */
export function tfRecord(data) {
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(BigInt(data.length), 0);
  head.writeUInt32LE(masked(crc32c(head.subarray(0, 8))), 8);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(masked(crc32c(data)), 0);
  return Buffer.concat([head, data, tail]);
}

/** A message under construction: append fields in wire order, then encode(). */
export class Msg {
  constructor() {
    this.parts = [];
  }

  varint(field, value) {
    this.parts.push(key(field, 0), varint(value));
    return this;
  }

  double(field, value) {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value, 0);
    this.parts.push(key(field, 1), b);
    return this;
  }

  float(field, value) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value, 0);
    this.parts.push(key(field, 5), b);
    return this;
  }

  /** A length-delimited field: a string, a Buffer or a nested Msg. */
  field(field, value) {
    const b = typeof value === 'string' ? Buffer.from(value, 'utf8')
      : value instanceof Msg ? value.encode() : value;
    this.parts.push(key(field, 2), varint(b.length), b);
    return this;
  }

  encode() {
    return Buffer.concat(this.parts);
  }
}

function key(field, wire) {
  return varint(field * 8 + wire);
}

function varint(v) {
  let n = BigInt.asUintN(64, BigInt(v));
  const out = [];
  do {
    let b = Number(n & 0x7fn);
    n >>= 7n;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}
