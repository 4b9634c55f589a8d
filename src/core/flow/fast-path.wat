;; The flow table's fast path (fast-path.ts) for frames already in the module's memory: counts
;; a fast-shape frame of an existing flow exactly as fastFrameKey + FlowIndex.get +
;; accountFastFrame do, or returns 0, having written nothing, for anything it leaves to the
;; JavaScript path (another shape, a new flow, TCP SYN/FIN/RST, a segment that is not the next
;; in order, the same-address quirks). The layout constants below are those of
;; flow-index.ts, flow-record.ts and tcp-reassembly.ts (fast-path-wasm.test.ts checks them).
;; Build: node scripts/build-wasm.mjs (wabt) writes fast-path-wasm.ts.
(module
  (import "env" "mem" (memory 1))
  ;; set by FlowTable: hash table (i32 slot+1) and its mask, slot 0's record, record stride in
  ;; bytes, use stamps (f64 per slot), the 65536-byte table of UDP ports with a decoder, the
  ;; key-mode and reassembly switches, and 40 bytes of scratch for the key words
  (global $tab (export "tab") (mut i32) (i32.const 0))
  (global $mask (export "mask") (mut i32) (i32.const 0))
  (global $recs (export "recs") (mut i32) (i32.const 0))
  (global $stride (export "stride") (mut i32) (i32.const 0))
  (global $stamps (export "stamps") (mut i32) (i32.const 0))
  (global $udp (export "udp") (mut i32) (i32.const 0))
  (global $l2 (export "l2") (mut i32) (i32.const 0))
  (global $reasm (export "reasm") (mut i32) (i32.const 0))
  (global $kw (export "kw") (mut i32) (i32.const 0))

  ;; o: frame offset in memory; cap, wire: captured and wire length; sec, nsec: capture time;
  ;; stamp: the flow's new use stamp; updv: the table's update version + 1. 1 = counted.
  (global $next (export "next") (mut i32) (i32.const 0))

  ;; A run of classic pcap records from p to end (le: little-endian file, nano: nanosecond
  ;; fractions, maxCap: the parser's largest captured length): counts records while $frame
  ;; counts them, stamping from stamp0 up. Returns how many; $next is the first record not
  ;; taken (incomplete, too long, or one for JavaScript).
  (func (export "run") (param $p i32) (param $end i32) (param $le i32) (param $nano i32) (param $maxCap i32)
      (param $stamp0 f64) (param $updv f64) (result i32)
    (local $cap i32) (local $frac i32) (local $count i32)
    (block $stop
      (br_if $stop (i32.eqz (local.get $le)))
      (loop $record
        (br_if $stop (i32.lt_s (i32.sub (local.get $end) (local.get $p)) (i32.const 16)))
        (local.set $cap (i32.load offset=8 align=1 (local.get $p)))
        (br_if $stop (i32.gt_u (local.get $cap) (local.get $maxCap)))
        (br_if $stop (i32.gt_u (local.get $cap) (i32.sub (i32.sub (local.get $end) (local.get $p)) (i32.const 16))))
        (local.set $frac (i32.load offset=4 align=1 (local.get $p)))
        (br_if $stop (i32.eqz (call $frame
          (i32.add (local.get $p) (i32.const 16)) (local.get $cap) (i32.load offset=12 align=1 (local.get $p))
          (f64.convert_i32_u (i32.load align=1 (local.get $p)))
          (select (local.get $frac) (i32.mul (local.get $frac) (i32.const 1000)) (local.get $nano))
          (f64.add (local.get $stamp0) (f64.convert_i32_u (local.get $count))) (local.get $updv))))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (local.set $p (i32.add (i32.add (local.get $p) (i32.const 16)) (local.get $cap)))
        (br $record)))
    (global.set $next (local.get $p))
    (local.get $count))

  (func (export "fast") (param $o i32) (param $cap i32) (param $wire i32) (param $sec f64) (param $nsec i32)
      (param $stamp f64) (param $updv f64) (result i32)
    (call $frame (local.get $o) (local.get $cap) (local.get $wire) (local.get $sec) (local.get $nsec) (local.get $stamp) (local.get $updv)))

  (func $frame (param $o i32) (param $cap i32) (param $wire i32) (param $sec f64) (param $nsec i32)
      (param $stamp f64) (param $updv f64) (result i32)
    (local $end i32) (local $proto i32) (local $ipLen i32) (local $ipEnd i32) (local $to i32)
    (local $sp i32) (local $dp i32) (local $hl i32) (local $ulen i32) (local $code i32)
    (local $src i32) (local $dst i32) (local $dHi i32) (local $dLo i32) (local $sHi i32) (local $sLo i32)
    (local $swap i32) (local $n i32) (local $kw i32) (local $a i32) (local $b i32) (local $h i32)
    (local $i i32) (local $s i32) (local $r i32) (local $j i32) (local $m i32) (local $flags i32)
    (local $ab i32) (local $bytes f64) (local $tf i32) (local $len i32) (local $st i32) (local $seq i32)
    (local $sflags i32) (local $es f64) (local $tcpMore i32) (local $t i32)
    (local.set $end (i32.add (local.get $o) (local.get $cap)))
    ;; fastFrameKey: Ethernet, IPv4 with IHL 5, no MF flag nor fragment offset
    (if (i32.lt_s (local.get $cap) (i32.const 42)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load16_u offset=12 align=1 (local.get $o)) (i32.const 0x0008)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=14 (local.get $o)) (i32.const 0x45)) (then (return (i32.const 0))))
    (if (i32.or (i32.and (i32.load8_u offset=20 (local.get $o)) (i32.const 0x3f)) (i32.load8_u offset=21 (local.get $o)))
      (then (return (i32.const 0))))
    (local.set $proto (i32.load8_u offset=23 (local.get $o)))
    (local.set $ipLen (i32.and (i32.rotl (i32.mul (i32.load16_u align=1 (i32.add (local.get $o) (i32.const 16))) (i32.const 0x10001)) (i32.const 24)) (i32.const 0xffff)))
    (if (i32.eqz (local.get $ipLen)) (then (local.set $ipLen (i32.sub (local.get $cap) (i32.const 14)))))
    (if (i32.lt_s (local.get $ipLen) (i32.const 20)) (then (return (i32.const 0))))
    (local.set $ipEnd (i32.add (i32.add (local.get $o) (i32.const 14)) (local.get $ipLen)))
    (if (i32.lt_u (local.get $end) (local.get $ipEnd)) (then (local.set $ipEnd (local.get $end))))
    (local.set $to (i32.add (local.get $o) (i32.const 34)))
    (local.set $sp (i32.and (i32.rotl (i32.mul (i32.load16_u align=1 (local.get $to)) (i32.const 0x10001)) (i32.const 24)) (i32.const 0xffff)))
    (local.set $dp (i32.and (i32.rotl (i32.mul (i32.load16_u align=1 (i32.add (local.get $to) (i32.const 2))) (i32.const 0x10001)) (i32.const 24)) (i32.const 0xffff)))
    (if (i32.eq (local.get $proto) (i32.const 6))
      (then
        (if (i32.lt_s (i32.sub (local.get $ipEnd) (local.get $to)) (i32.const 20)) (then (return (i32.const 0))))
        (local.set $hl (i32.shl (i32.shr_u (i32.load8_u offset=12 (local.get $to)) (i32.const 4)) (i32.const 2)))
        (if (i32.or (i32.lt_s (local.get $hl) (i32.const 20)) (i32.gt_s (local.get $hl) (i32.sub (local.get $ipEnd) (local.get $to))))
          (then (return (i32.const 0))))
        (local.set $code (i32.const 16)))
      (else
        (if (i32.ne (local.get $proto) (i32.const 17)) (then (return (i32.const 0))))
        (if (i32.lt_s (i32.sub (local.get $ipEnd) (local.get $to)) (i32.const 8)) (then (return (i32.const 0))))
        (local.set $ulen (i32.and (i32.rotl (i32.mul (i32.load16_u align=1 (i32.add (local.get $to) (i32.const 4))) (i32.const 0x10001)) (i32.const 24)) (i32.const 0xffff)))
        (if (i32.and (i32.gt_s (local.get $ulen) (i32.const 0)) (i32.lt_s (local.get $ulen) (i32.const 8))) (then (return (i32.const 0))))
        (if (i32.or (i32.load8_u (i32.add (global.get $udp) (local.get $dp))) (i32.load8_u (i32.add (global.get $udp) (local.get $sp))))
          (then (return (i32.const 0))))
        (local.set $code (i32.const 20))))
    (local.set $src (i32.or (i32.rotl (i32.and (local.tee $t (i32.load align=1 (i32.add (local.get $o) (i32.const 26)))) (i32.const 0xff00ff00)) (i32.const 8)) (i32.rotr (i32.and (local.get $t) (i32.const 0x00ff00ff)) (i32.const 8))))
    (local.set $dst (i32.or (i32.rotl (i32.and (local.tee $t (i32.load align=1 (i32.add (local.get $o) (i32.const 30)))) (i32.const 0xff00ff00)) (i32.const 8)) (i32.rotr (i32.and (local.get $t) (i32.const 0x00ff00ff)) (i32.const 8))))
    (local.set $dHi (i32.or (i32.rotl (i32.and (local.tee $t (i32.load align=1 (local.get $o))) (i32.const 0xff00ff00)) (i32.const 8)) (i32.rotr (i32.and (local.get $t) (i32.const 0x00ff00ff)) (i32.const 8))))
    (local.set $dLo (i32.and (i32.rotl (i32.mul (i32.load16_u align=1 (i32.add (local.get $o) (i32.const 4))) (i32.const 0x10001)) (i32.const 24)) (i32.const 0xffff)))
    (local.set $sHi (i32.or (i32.rotl (i32.and (local.tee $t (i32.load align=1 (i32.add (local.get $o) (i32.const 6)))) (i32.const 0xff00ff00)) (i32.const 8)) (i32.rotr (i32.and (local.get $t) (i32.const 0x00ff00ff)) (i32.const 8))))
    (local.set $sLo (i32.and (i32.rotl (i32.mul (i32.load16_u align=1 (i32.add (local.get $o) (i32.const 10))) (i32.const 0x10001)) (i32.const 24)) (i32.const 0xffff)))
    ;; §2.4 direction: by MAC in L2 mode, then by IP, then by port (unsigned comparisons)
    (if (i32.and (global.get $l2) (i32.ne (local.get $sHi) (local.get $dHi)))
      (then (local.set $swap (i32.gt_u (local.get $sHi) (local.get $dHi))))
      (else (if (i32.and (global.get $l2) (i32.ne (local.get $sLo) (local.get $dLo)))
        (then (local.set $swap (i32.gt_u (local.get $sLo) (local.get $dLo))))
        (else (if (i32.ne (local.get $src) (local.get $dst))
          (then (local.set $swap (i32.gt_u (local.get $src) (local.get $dst))))
          (else (local.set $swap (i32.gt_u (local.get $sp) (local.get $dp)))))))))
    ;; the key words of FlowLookupKey
    (local.set $kw (global.get $kw))
    (i32.store (local.get $kw) (i32.or (i32.or (i32.const 1) (local.get $code)) (select (i32.const 64) (i32.const 0) (global.get $l2))))
    (i32.store offset=4 (local.get $kw) (select (local.get $dst) (local.get $src) (local.get $swap)))
    (i32.store offset=8 (local.get $kw) (select (local.get $src) (local.get $dst) (local.get $swap)))
    (i32.store offset=12 (local.get $kw) (select
      (i32.or (i32.shl (local.get $dp) (i32.const 16)) (local.get $sp))
      (i32.or (i32.shl (local.get $sp) (i32.const 16)) (local.get $dp)) (local.get $swap)))
    (local.set $n (i32.const 4))
    (if (global.get $l2)
      (then
        (i32.store offset=16 (local.get $kw) (select (local.get $dHi) (local.get $sHi) (local.get $swap)))
        (i32.store offset=20 (local.get $kw) (select (local.get $dLo) (local.get $sLo) (local.get $swap)))
        (i32.store offset=24 (local.get $kw) (select (local.get $sHi) (local.get $dHi) (local.get $swap)))
        (i32.store offset=28 (local.get $kw) (select (local.get $sLo) (local.get $dLo) (local.get $swap)))
        (local.set $n (i32.const 8))))
    (i32.store (i32.add (local.get $kw) (i32.shl (local.get $n) (i32.const 2))) (i32.const 0))
    (i32.store offset=4 (i32.add (local.get $kw) (i32.shl (local.get $n) (i32.const 2))) (i32.const 0))
    (local.set $n (i32.add (local.get $n) (i32.const 2)))
    ;; FlowIndex.hash (n is even: no odd word)
    (local.set $a (i32.mul (local.get $n) (i32.const 0x9e3779b1)))
    (local.set $b (i32.const 0x7f4a7c15))
    (local.set $i (i32.const 0))
    (loop $lanes
      (local.set $a (i32.rotl (i32.mul (i32.xor (local.get $a) (i32.load (i32.add (local.get $kw) (local.get $i)))) (i32.const 0x85ebca6b)) (i32.const 13)))
      (local.set $b (i32.rotl (i32.mul (i32.xor (local.get $b) (i32.load offset=4 (i32.add (local.get $kw) (local.get $i)))) (i32.const 0xc2b2ae35)) (i32.const 15)))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $lanes (i32.lt_u (local.get $i) (i32.shl (local.get $n) (i32.const 2)))))
    (local.set $h (i32.xor (local.get $a) (i32.mul (local.get $b) (i32.const 0x27d4eb2f))))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))) (i32.const 0x85ebca6b)))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))) (i32.const 0xc2b2ae35)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    ;; FlowIndex.get: linear probing; a key not found is the JavaScript path's to create
    (local.set $i (i32.and (local.get $h) (global.get $mask)))
    (block $found
      (loop $probe
        (local.set $s (i32.sub (i32.load (i32.add (global.get $tab) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 1)))
        (if (i32.lt_s (local.get $s) (i32.const 0)) (then (return (i32.const 0))))
        (local.set $r (i32.add (global.get $recs) (i32.mul (local.get $s) (global.get $stride))))
        (if (i32.and (i32.eq (i32.load (local.get $r)) (local.get $h)) (i32.eq (i32.load offset=4 (local.get $r)) (local.get $n)))
          (then
            (local.set $j (i32.const 0))
            (block $differ
              (loop $cmp
                (br_if $differ (i32.ne (i32.load offset=16 (i32.add (local.get $r) (local.get $j))) (i32.load (i32.add (local.get $kw) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br_if $cmp (i32.lt_u (local.get $j) (i32.shl (local.get $n) (i32.const 2)))))
              (br $found))))
        (local.set $i (i32.and (i32.add (local.get $i) (i32.const 1)) (global.get $mask)))
        (br $probe)))
    ;; the flow's numbers (flow-record.ts N, 8 bytes each)
    (local.set $m (i32.add (local.get $r) (i32.const 88)))
    (local.set $flags (i32.trunc_f64_u (f64.load offset=40 (local.get $m))))
    ;; direction of the counters (accountFastFrame), every case that writes nothing decided first
    (if (global.get $l2)
      (then
        (if (i32.eqz (i32.and (local.get $flags) (i32.const 1))) (then (return (i32.const 0))))
        ;; same source and destination MAC: ipRule's quirks, left to JavaScript
        (if (i32.and (i32.eq (local.get $sHi) (local.get $dHi)) (i32.eq (local.get $sLo) (local.get $dLo))) (then (return (i32.const 0))))
        (local.set $ab (i32.and
          (f64.eq (f64.load offset=48 (local.get $m)) (f64.convert_i32_u (local.get $sHi)))
          (f64.eq (f64.load offset=56 (local.get $m)) (f64.convert_i32_u (local.get $sLo))))))
      (else
        ;; ipRule: the same IP both ways is a quirk left to JavaScript; else A is the flow's first source IP
        (if (i32.eq (local.get $src) (local.get $dst)) (then (return (i32.const 0))))
        (local.set $ab (i32.and
          (i32.eq (i32.and (local.get $flags) (i32.const 6)) (i32.const 4))
          (f64.eq (f64.load offset=80 (local.get $m)) (f64.convert_i32_u (local.get $src)))))))
    (local.set $bytes (f64.convert_i32_u (select (local.get $wire) (local.get $cap) (i32.gt_u (local.get $wire) (i32.const 0)))))
    ;; TCP (countTcp): SYN, FIN or RST go to JavaScript; reassembly only for the next segment in order
    (if (i32.eq (local.get $proto) (i32.const 6))
      (then
        (local.set $tf (i32.load8_u offset=13 (local.get $to)))
        (if (i32.and (local.get $tf) (i32.const 7)) (then (return (i32.const 0))))
        (local.set $tcpMore (i32.and
          (i32.eq (i32.and (local.get $flags) (i32.const 0x70)) (i32.const 0x20))
          (global.get $reasm)))
        (if (local.get $tcpMore)
          (then
            (local.set $len (i32.sub (i32.sub (local.get $ipEnd) (local.get $to)) (local.get $hl)))
            (if (i32.le_s (local.get $len) (i32.const 0))
              (then (local.set $tcpMore (i32.const 0)))
              (else
                ;; the stream of the segment's direction: its source is Network.A and Transport.A
                (local.set $st (i32.add (local.get $m) (select (i32.const 112) (i32.const 200) (i32.and
                  (i32.and
                    (i32.eq (i32.and (local.get $flags) (i32.const 6)) (i32.const 4))
                    (f64.eq (f64.load offset=80 (local.get $m)) (f64.convert_i32_u (local.get $src))))
                  (f64.eq (f64.load offset=72 (local.get $m)) (f64.convert_i32_u (local.get $sp)))))))
                (local.set $seq (i32.or (i32.rotl (i32.and (local.tee $t (i32.load align=1 (i32.add (local.get $to) (i32.const 4)))) (i32.const 0xff00ff00)) (i32.const 8)) (i32.rotr (i32.and (local.get $t) (i32.const 0x00ff00ff)) (i32.const 8))))
                ;; appendInOrder: open, the next expected byte, nothing buffered
                (if (i32.or
                      (f64.eq (f64.load (local.get $st)) (f64.const 0))
                      (i32.or
                        (f64.ne (f64.load offset=8 (local.get $st)) (f64.convert_i32_u (local.get $seq)))
                        (f64.ne (f64.load offset=16 (local.get $st)) (f64.const 0))))
                  (then (return (i32.const 0))))))))))
    ;; nothing is left to JavaScript from here on: count
    (f64.store (local.get $m) (f64.add (f64.mul (local.get $sec) (f64.const 1000))
      (f64.floor (f64.div (f64.convert_i32_u (local.get $nsec)) (f64.const 1e6)))))
    (if (local.get $ab)
      (then
        (f64.store offset=8 (local.get $m) (f64.add (f64.load offset=8 (local.get $m)) (f64.const 1)))
        (f64.store offset=16 (local.get $m) (f64.add (f64.load offset=16 (local.get $m)) (local.get $bytes))))
      (else
        (f64.store offset=24 (local.get $m) (f64.add (f64.load offset=24 (local.get $m)) (f64.const 1)))
        (f64.store offset=32 (local.get $m) (f64.add (f64.load offset=32 (local.get $m)) (local.get $bytes)))))
    (if (local.get $tcpMore)
      (then
        (f64.store offset=8 (local.get $st) (f64.convert_i32_u (i32.add (local.get $seq) (local.get $len))))
        ;; tcp-reassembly.ts deliver()
        (local.set $sflags (i32.trunc_f64_u (f64.load offset=24 (local.get $st))))
        (if (i32.eqz (i32.and (local.get $sflags) (i32.const 1)))
          (then
            (local.set $sflags (i32.or (local.get $sflags) (i32.const 1)))
            (f64.store offset=32 (local.get $st) (local.get $sec))
            (f64.store offset=40 (local.get $st) (f64.convert_i32_u (local.get $nsec)))))
        (local.set $es (f64.load offset=32 (local.get $st)))
        (if (i32.or (f64.lt (local.get $sec) (local.get $es))
                    (i32.and (f64.eq (local.get $sec) (local.get $es)) (f64.lt (f64.convert_i32_u (local.get $nsec)) (f64.load offset=40 (local.get $st)))))
          (then (f64.store offset=64 (local.get $st) (f64.add (f64.load offset=64 (local.get $st)) (f64.const 1))))
          (else
            (f64.store offset=32 (local.get $st) (local.get $sec))
            (f64.store offset=40 (local.get $st) (f64.convert_i32_u (local.get $nsec)))))
        (f64.store offset=48 (local.get $st) (f64.add (f64.load offset=48 (local.get $st)) (f64.convert_i32_u (local.get $len))))
        (f64.store offset=56 (local.get $st) (f64.add (f64.load offset=56 (local.get $st)) (f64.const 1)))
        (f64.store offset=24 (local.get $st) (f64.convert_i32_u (local.get $sflags)))))
    (f64.store offset=64 (local.get $m) (local.get $updv))
    (f64.store (i32.add (global.get $stamps) (i32.shl (local.get $s) (i32.const 3))) (local.get $stamp))
    (i32.const 1))
)
