import { describe, expect, it } from 'vitest'
import { parseCmdLine, parseCpuInfo, parseCpuList, parseOsRelease, platformFamily } from './proc-parsers.js'

const CPUINFO = `processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC 9R14
stepping\t: 1
microcode\t: 0xa101148
cpu MHz\t\t: 2600.000
cache size\t: 1024 KB
physical id\t: 0
core id\t\t: 0
cpu cores\t: 2

processor\t: 1
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
stepping\t: 0
physical id\t: 0
core id\t\t: 1
`

describe('host facts parsers (topology spec §2.2)', () => {
  it('reads one CPU entry per logical CPU, omitting zero fields', () => {
    expect(parseCpuInfo(CPUINFO)).toEqual([
      { CPU: 0, VendorID: 'AuthenticAMD', Family: '25', Model: '17', Stepping: 1, PhysicalID: '0', CoreID: '0', Cores: 2,
        ModelName: 'AMD EPYC 9R14', Mhz: 2600, CacheSize: 1024, Microcode: '0xa101148' },
      { CPU: 1, VendorID: 'AuthenticAMD', Family: '25', Model: '17', PhysicalID: '0', CoreID: '1' },
    ])
  })

  it('splits the kernel command line into values and bare flags', () => {
    expect(parseCmdLine('BOOT_IMAGE=/vmlinuz root=UUID=ab ro quiet\n')).toEqual({ BOOT_IMAGE: '/vmlinuz', root: 'UUID=ab', ro: true, quiet: true })
  })

  it('expands kernel CPU lists', () => {
    expect(parseCpuList('1-3,7\n')).toEqual([1, 2, 3, 7])
    expect(parseCpuList('\n')).toEqual([])
  })

  it('reads os-release and maps the platform family', () => {
    const os = parseOsRelease('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
    expect(os).toMatchObject({ ID: 'debian', VERSION_ID: '12' })
    expect(platformFamily('ubuntu')).toBe('debian')
    expect(platformFamily('weird', 'rhel fedora')).toBe('rhel')
  })
})
