import { readFileSync } from 'node:fs'
import { FlowTable, PcapParser, loadXxhash64 } from '../src/core/flow/index.js'
const data = readFileSync(process.argv[2]!)
const hash64 = await loadXxhash64()
for (const fastPath of [false, true, false, true]) {
  let best = Infinity, fast = 0
  for (let i = 0; i < 3; i++) {
    const t = new FlowTable({ hash64, extraTCPMetric: true, reassembleTCP: true, ipDefrag: true, fastPath })
    const c0 = process.cpuUsage()
    new PcapParser().parse(data, 0, data.length, (b, o, c, w, s, n, l) => t.addPacket(b, o, c, w, s, n, l), true)
    const c = process.cpuUsage(c0); best = Math.min(best, (c.user + c.system) / 1000); fast = t.fastPackets
  }
  console.log('fastPath', fastPath, best.toFixed(0), 'ms, fast packets', fast)
}
