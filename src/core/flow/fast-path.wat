;; The flow table's fast path (fast-path.ts) for frames already in the module's memory: counts
;; a fast-shape frame exactly as FlowTable's #fastPacket does (fastFrameKey, FlowIndex.get, or
;; insert + initFastFlow for a new flow, then accountFastFrame with countTcp), or returns 0,
;; having changed nothing JavaScript can see, for anything it leaves to the JavaScript path
;; (another shape, a new flow when JavaScript left no room, application ports, a segment that
;; would be buffered out of order, the same-address quirks). The layout constants below are
;; those of flow-index.ts, flow-record.ts and tcp-reassembly.ts (the tests check them).
;; Build: node scripts/build-wasm.mjs (wabt) writes fast-path-wasm.ts.
(module
  (import "env" "mem" (memory 1))
  ;; set by FlowTable: hash table (i32 slot+1) and its mask, slot 0's record, record stride in
  ;; bytes, use stamps (f64 per slot), the 65536-byte table of ports (bit 1: UDP port with a
  ;; decoder, 2: TCP application port, 4: UDP application port), the key-mode and reassembly
  ;; switches, 40 bytes of scratch for the key words and 64 for a new flow's hash input
  (global $tab (export "tab") (mut i32) (i32.const 0))
  (global $mask (export "mask") (mut i32) (i32.const 0))
  (global $recs (export "recs") (mut i32) (i32.const 0))
  (global $stride (export "stride") (mut i32) (i32.const 0))
  (global $stamps (export "stamps") (mut i32) (i32.const 0))
  (global $udp (export "udp") (mut i32) (i32.const 0))
  (global $l2 (export "l2") (mut i32) (i32.const 0))
  (global $reasm (export "reasm") (mut i32) (i32.const 0))
  (global $kw (export "kw") (mut i32) (i32.const 0))
  (global $hin (export "hin") (mut i32) (i32.const 0))
  ;; creation (FlowIndex.freshRoom): how many new flows may be made, in the slots from slot0 on,
  ;; and how many were; the next flow id; the interned LayersPath and Application of TCP and
  ;; UDP flows; IPMetric (defragmentation) and TCPMetric (ExtraTCPMetric) switches
  (global $room (export "room") (mut i32) (i32.const 0))
  (global $slot0 (export "slot0") (mut i32) (i32.const 0))
  (global $created (export "created") (mut i32) (i32.const 0))
  (global $id (export "id") (mut f64) (f64.const 0))
  (global $pathTcp (export "pathTcp") (mut f64) (f64.const 0))
  (global $appTcp (export "appTcp") (mut f64) (f64.const 0))
  (global $pathUdp (export "pathUdp") (mut f64) (f64.const 0))
  (global $appUdp (export "appUdp") (mut f64) (f64.const 0))
  (global $ipm (export "ipm") (mut i32) (i32.const 0))
  (global $tcpm (export "tcpm") (mut i32) (i32.const 0))

  ;; where run stopped
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

  ;; One frame. o: frame offset in memory; cap, wire: captured and wire length; sec, nsec:
  ;; capture time; stamp: the flow's new use stamp; updv: the table's update version + 1.
  ;; 1 = counted.
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
    (local $t i32) (local $new i32) (local $fa i32) (local $act i32) (local $open i32) (local $next f64) (local $ms f64) (local $fin i32)
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
        (if (i32.and (i32.or (i32.load8_u (i32.add (global.get $udp) (local.get $dp))) (i32.load8_u (i32.add (global.get $udp) (local.get $sp)))) (i32.const 1))
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
    ;; FlowIndex.get: linear probing; a key not found is a new flow
    (local.set $i (i32.and (local.get $h) (global.get $mask)))
    (block $found
      (loop $probe
        (local.set $s (i32.sub (i32.load (i32.add (global.get $tab) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 1)))
        (if (i32.lt_s (local.get $s) (i32.const 0))
          (then
            ;; insert + initFastFlow in the next never-used slot, if JavaScript left room and no
            ;; application port names it; the flow joins the hash table (at the empty bucket $i,
            ;; where FlowIndex.#place would put it) only once the frame is counted, so a frame
            ;; left to JavaScript after this leaves a record nobody sees (insert rewrites it)
            (if (i32.eqz (global.get $room)) (then (return (i32.const 0))))
            (if (i32.and
                  (i32.or (i32.load8_u (i32.add (global.get $udp) (local.get $dp))) (i32.load8_u (i32.add (global.get $udp) (local.get $sp))))
                  (select (i32.const 2) (i32.const 4) (i32.eq (local.get $proto) (i32.const 6))))
              (then (return (i32.const 0))))
            (local.set $s (i32.add (global.get $slot0) (global.get $created)))
            (local.set $r (i32.add (global.get $recs) (i32.mul (local.get $s) (global.get $stride))))
            (call $create (local.get $r) (local.get $o) (local.get $to) (local.get $proto) (local.get $h) (local.get $n) (local.get $swap)
              (f64.add (f64.mul (local.get $sec) (f64.const 1000)) (f64.floor (f64.div (f64.convert_i32_u (local.get $nsec)) (f64.const 1e6)))))
            (local.set $new (i32.const 1))
            (br $found)))
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
    ;; fromA: the packet's source IP is Network.A (IPv4)
    (local.set $fa (i32.and
      (i32.eq (i32.and (local.get $flags) (i32.const 6)) (i32.const 4))
      (f64.eq (f64.load offset=80 (local.get $m)) (f64.convert_i32_u (local.get $src)))))
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
        (local.set $ab (local.get $fa))))
    (local.set $bytes (f64.convert_i32_u (select (local.get $wire) (local.get $cap) (i32.gt_u (local.get $wire) (i32.const 0)))))
    ;; TCP (countTcp → reassemble): what the segment does to its direction's stream, or 0 for
    ;; what would buffer it (assembleSegment's pages are JavaScript's)
    (if (i32.eq (local.get $proto) (i32.const 6))
      (then
        (local.set $tf (i32.load8_u offset=13 (local.get $to)))
        (local.set $len (i32.sub (i32.sub (local.get $ipEnd) (local.get $to)) (local.get $hl)))
        (if (i32.lt_s (local.get $len) (i32.const 0)) (then (local.set $len (i32.const 0))))
        ;; a TCP flow with ReassembleTCP follows its streams; gopacket ignores empty segments without SYN, FIN or RST
        (if (i32.and
              (i32.and (i32.eq (i32.and (local.get $flags) (i32.const 0x70)) (i32.const 0x20)) (global.get $reasm))
              (i32.ne (i32.or (i32.and (local.get $tf) (i32.const 7)) (local.get $len)) (i32.const 0)))
          (then
            ;; the stream of the segment's direction: its source is Network.A and Transport.A
            (local.set $st (i32.add (local.get $m) (select (i32.const 112) (i32.const 200) (i32.and (local.get $fa)
              (f64.eq (f64.load offset=72 (local.get $m)) (f64.convert_i32_u (local.get $sp)))))))
            (local.set $seq (i32.or (i32.rotl (i32.and (local.tee $t (i32.load align=1 (i32.add (local.get $to) (i32.const 4)))) (i32.const 0xff00ff00)) (i32.const 8)) (i32.rotr (i32.and (local.get $t) (i32.const 0x00ff00ff)) (i32.const 8))))
            (local.set $open (f64.ne (f64.load (local.get $st)) (f64.const 0)))
            (if (i32.eqz (i32.and (local.get $tf) (i32.const 7)))
              (then
                ;; appendInOrder: open, the next expected byte, nothing buffered
                (if (i32.or (i32.eqz (local.get $open))
                      (i32.or
                        (f64.ne (f64.load offset=8 (local.get $st)) (f64.convert_i32_u (local.get $seq)))
                        (f64.ne (f64.load offset=16 (local.get $st)) (f64.const 0))))
                  (then (return (i32.const 0))))
                (local.set $act (i32.const 1)))
              (else
                ;; assembleSegment: a bare FIN/RST does not open a stream
                (if (i32.or (local.get $open) (i32.or (i32.and (local.get $tf) (i32.const 2)) (i32.ne (local.get $len) (i32.const 0))))
                  (then
                    (if (i32.and (local.get $open) (f64.ne (f64.load offset=16 (local.get $st)) (f64.const 0))) (then (return (i32.const 0))))
                    (local.set $next (select (f64.load offset=8 (local.get $st)) (f64.const -1) (local.get $open)))
                    (if (f64.lt (local.get $next) (f64.const 0))
                      (then
                        ;; before the SYN only a SYN is delivered; anything else is buffered
                        (if (i32.eqz (i32.and (local.get $tf) (i32.const 2))) (then (return (i32.const 0))))
                        (local.set $act (i32.const 2)))
                      (else
                        ;; a segment past the next expected byte is buffered
                        (if (f64.gt (call $difference (local.get $next) (f64.convert_i32_u (local.get $seq))) (f64.const 0))
                          (then (return (i32.const 0))))
                        (local.set $act (i32.const 3))))))))))))
    ;; nothing is left to JavaScript from here on: a new flow joins the table, and the frame counts
    (if (local.get $new)
      (then
        (i32.store (i32.add (global.get $tab) (i32.shl (local.get $i) (i32.const 2))) (i32.add (local.get $s) (i32.const 1)))
        (global.set $created (i32.add (global.get $created) (i32.const 1)))
        (global.set $room (i32.sub (global.get $room) (i32.const 1)))
        (global.set $id (f64.add (global.get $id) (f64.const 1)))))
    (local.set $ms (f64.add (f64.mul (local.get $sec) (f64.const 1000))
      (f64.floor (f64.div (f64.convert_i32_u (local.get $nsec)) (f64.const 1e6)))))
    (f64.store (local.get $m) (local.get $ms))
    (if (local.get $ab)
      (then
        (f64.store offset=8 (local.get $m) (f64.add (f64.load offset=8 (local.get $m)) (f64.const 1)))
        (f64.store offset=16 (local.get $m) (f64.add (f64.load offset=16 (local.get $m)) (local.get $bytes))))
      (else
        (f64.store offset=24 (local.get $m) (f64.add (f64.load offset=24 (local.get $m)) (f64.const 1)))
        (f64.store offset=32 (local.get $m) (f64.add (f64.load offset=32 (local.get $m)) (local.get $bytes)))))
    (if (i32.eq (local.get $proto) (i32.const 6))
      (then
        ;; RTT (§3.4): SYN (SYN+ACK included) starts the measure, SYN+ACK or RST ends it
        (if (i32.and (local.get $tf) (i32.const 6))
          (then (call $rtt (local.get $m) (local.get $sec) (local.get $nsec)
            (i32.and (local.get $tf) (i32.const 2))
            (i32.or (i32.eq (i32.and (local.get $tf) (i32.const 0x12)) (i32.const 0x12)) (i32.and (local.get $tf) (i32.const 4))))))
        ;; countTcp: flags and streams only for a TCP flow (tcpFlags with ExtraTCPMetric)
        (if (i32.and (i32.and (i32.ne (i32.and (local.get $tf) (i32.const 7)) (i32.const 0)) (i32.ne (i32.and (local.get $flags) (i32.const 0x100)) (i32.const 0)))
              (i32.eq (i32.and (local.get $flags) (i32.const 0x70)) (i32.const 0x20)))
          (then (call $tcpFlags (local.get $m) (local.get $fa) (local.get $ms) (local.get $tf) (i32.load8_u offset=22 (local.get $o)))))
        (if (i32.eq (local.get $act) (i32.const 1))
          (then
            (f64.store offset=8 (local.get $st) (f64.convert_i32_u (i32.add (local.get $seq) (local.get $len))))
            (call $deliver (local.get $st) (f64.convert_i32_u (local.get $len)) (i32.const 0) (i32.const 0) (local.get $sec) (local.get $nsec))))
        (if (i32.eq (local.get $act) (i32.const 2))
          (then
            (if (i32.eqz (local.get $open))
              (then
                ;; the stream opens: its numbers start from 0
                (local.set $j (i32.const 0))
                (loop $zero
                  (i64.store (i32.add (local.get $st) (local.get $j)) (i64.const 0))
                  (local.set $j (i32.add (local.get $j) (i32.const 8)))
                  (br_if $zero (i32.lt_u (local.get $j) (i32.const 88))))
                (f64.store (local.get $st) (f64.const 1))))
            (call $deliver (local.get $st) (f64.convert_i32_u (local.get $len)) (i32.const 1) (i32.const 0) (local.get $sec) (local.get $nsec))
            (f64.store offset=8 (local.get $st) (f64.convert_i32_u (i32.add (i32.add (local.get $seq) (local.get $len)) (i32.const 1))))))
        (if (i32.eq (local.get $act) (i32.const 3))
          (then
            ;; in order up to the next expected byte; a FIN or RST ends the stream, whose counters
            ;; then become the direction's TCPMetric (completeStream)
            (local.set $fin (i32.ne (i32.and (local.get $tf) (i32.const 5)) (i32.const 0)))
            (call $deliver (local.get $st) (call $span (local.get $st) (local.get $seq) (local.get $len)) (i32.const 0) (local.get $fin) (local.get $sec) (local.get $nsec))
            (if (local.get $fin) (then (call $complete (local.get $m) (local.get $st))))))))
    (f64.store offset=64 (local.get $m) (local.get $updv))
    (f64.store (i32.add (global.get $stamps) (i32.shl (local.get $s) (i32.const 3))) (local.get $stamp))
    (i32.const 1))

  ;; FlowIndex.insert's record header and initFastFlow's numbers for the frame at o (transport
  ;; header at to), including setKeys' xxHash64 TrackingIDs (flow-create.ts)
  (func $create (param $r i32) (param $o i32) (param $to i32) (param $proto i32) (param $h i32) (param $n i32) (param $swap i32) (param $ms f64)
    (local $m i32) (local $j i32) (local $k i32) (local $tcp i32) (local $flags i32) (local $tf i32) (local $l3 i64) (local $l2 i64)
    (local $a i32) (local $b i32)
    (i32.store (local.get $r) (local.get $h))
    (i32.store offset=4 (local.get $r) (local.get $n))
    (loop $key
      (i32.store offset=16 (i32.add (local.get $r) (local.get $j)) (i32.load (i32.add (global.get $kw) (local.get $j))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br_if $key (i32.lt_u (local.get $j) (i32.shl (local.get $n) (i32.const 2)))))
    (local.set $m (i32.add (local.get $r) (i32.const 88)))
    ;; every number 0 first, as insert does
    (local.set $j (i32.const 0))
    (loop $zero
      (i64.store (i32.add (local.get $m) (local.get $j)) (i64.const 0))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br_if $zero (i32.lt_u (local.get $j) (i32.sub (global.get $stride) (i32.const 88)))))
    (local.set $tcp (i32.eq (local.get $proto) (i32.const 6)))
    (f64.store offset=312 (local.get $m) (global.get $id))
    (f64.store offset=320 (local.get $m) (local.get $ms))
    (f64.store offset=48 (local.get $m) (f64.convert_i32_u (call $be32 (i32.add (local.get $o) (i32.const 6)))))
    (f64.store offset=56 (local.get $m) (f64.convert_i32_u (call $be16 (i32.add (local.get $o) (i32.const 10)))))
    (f64.store offset=328 (local.get $m) (f64.convert_i32_u (call $be32 (local.get $o))))
    (f64.store offset=336 (local.get $m) (f64.convert_i32_u (call $be16 (i32.add (local.get $o) (i32.const 4)))))
    (f64.store offset=480 (local.get $m) (select (global.get $pathTcp) (global.get $pathUdp) (local.get $tcp)))
    (f64.store offset=488 (local.get $m) (select (global.get $appTcp) (global.get $appUdp) (local.get $tcp)))
    (f64.store offset=80 (local.get $m) (f64.convert_i32_u (call $be32 (i32.add (local.get $o) (i32.const 26)))))
    (f64.store offset=344 (local.get $m) (f64.convert_i32_u (call $be32 (i32.add (local.get $o) (i32.const 30)))))
    ;; Link, Network, the transport (TCP 2, UDP 3), Community ID ports; IPMetric with defragmentation
    (local.set $flags (i32.or (i32.or (i32.const 0x2005) (select (i32.const 0x20) (i32.const 0x30) (local.get $tcp)))
      (select (i32.const 0x200) (i32.const 0) (global.get $ipm))))
    (f64.store offset=72 (local.get $m) (f64.convert_i32_u (call $be16 (local.get $to))))
    (f64.store offset=376 (local.get $m) (f64.convert_i32_u (call $be16 (i32.add (local.get $to) (i32.const 2)))))
    (if (local.get $tcp)
      (then
        (if (global.get $tcpm) (then (local.set $flags (i32.or (local.get $flags) (i32.const 0x100)))))
        ;; Quirk (flows spec §6.1): only the packet creating the flow sets TCP_FIN/TCP_RST
        (local.set $tf (i32.load8_u offset=13 (local.get $to)))
        (if (i32.and (local.get $tf) (i32.const 1))
          (then (f64.store offset=408 (local.get $m) (f64.const 2)))
          (else (if (i32.and (local.get $tf) (i32.const 4)) (then (f64.store offset=408 (local.get $m) (f64.const 3))))))))
    (f64.store offset=496 (local.get $m) (f64.convert_i32_u (local.get $proto)))
    (f64.store offset=504 (local.get $m) (f64.load offset=72 (local.get $m)))
    (f64.store offset=512 (local.get $m) (f64.load offset=376 (local.get $m)))
    (f64.store offset=40 (local.get $m) (f64.convert_i32_u (local.get $flags)))
    ;; the §2.5 hash input (FlowKeyWriter.writeFast): IPs, ports, then MACs in L2 mode, each
    ;; pair first endpoint first and followed by 8 bytes of layer type
    (local.set $k (global.get $hin))
    (local.set $a (select (i32.add (local.get $o) (i32.const 30)) (i32.add (local.get $o) (i32.const 26)) (local.get $swap)))
    (local.set $b (select (i32.add (local.get $o) (i32.const 26)) (i32.add (local.get $o) (i32.const 30)) (local.get $swap)))
    (i32.store (local.get $k) (i32.load align=1 (local.get $a)))
    (i32.store offset=4 (local.get $k) (i32.load align=1 (local.get $b)))
    (i64.store offset=8 (local.get $k) (i64.const 0x0100000000000000))
    (local.set $a (select (i32.add (local.get $to) (i32.const 2)) (local.get $to) (local.get $swap)))
    (local.set $b (select (local.get $to) (i32.add (local.get $to) (i32.const 2)) (local.get $swap)))
    (i32.store16 offset=16 (local.get $k) (i32.load16_u align=1 (local.get $a)))
    (i32.store16 offset=18 (local.get $k) (i32.load16_u align=1 (local.get $b)))
    (i64.store offset=20 (local.get $k) (select (i64.const 0x0400000000000000) (i64.const 0x0500000000000000) (local.get $tcp)))
    (local.set $l3 (call $xxh64 (local.get $k) (i32.const 28)))
    (local.set $l2 (local.get $l3))
    (if (global.get $l2)
      (then
        (local.set $a (select (local.get $o) (i32.add (local.get $o) (i32.const 6)) (local.get $swap)))
        (local.set $b (select (i32.add (local.get $o) (i32.const 6)) (local.get $o) (local.get $swap)))
        (i32.store offset=28 (local.get $k) (i32.load align=1 (local.get $a)))
        (i32.store16 offset=32 (local.get $k) (i32.load16_u align=1 (i32.add (local.get $a) (i32.const 4))))
        (i32.store offset=34 (local.get $k) (i32.load align=1 (local.get $b)))
        (i32.store16 offset=38 (local.get $k) (i32.load16_u align=1 (i32.add (local.get $b) (i32.const 4))))
        (i64.store offset=40 (local.get $k) (i64.const 0x0300000000000000))
        (local.set $l2 (call $xxh64 (local.get $k) (i32.const 48)))))
    ;; L2 key, L3 key and table key (the L2 key: no parent) as 32-bit halves
    (f64.store offset=416 (local.get $m) (f64.convert_i64_u (i64.shr_u (local.get $l2) (i64.const 32))))
    (f64.store offset=424 (local.get $m) (f64.convert_i64_u (i64.and (local.get $l2) (i64.const 0xffffffff))))
    (f64.store offset=432 (local.get $m) (f64.convert_i64_u (i64.shr_u (local.get $l3) (i64.const 32))))
    (f64.store offset=440 (local.get $m) (f64.convert_i64_u (i64.and (local.get $l3) (i64.const 0xffffffff))))
    (f64.store offset=448 (local.get $m) (f64.load offset=416 (local.get $m)))
    (f64.store offset=456 (local.get $m) (f64.load offset=424 (local.get $m))))

  (func $be32 (param $p i32) (result i32)
    (local $t i32)
    (local.set $t (i32.load align=1 (local.get $p)))
    (i32.or (i32.rotl (i32.and (local.get $t) (i32.const 0xff00ff00)) (i32.const 8)) (i32.rotr (i32.and (local.get $t) (i32.const 0x00ff00ff)) (i32.const 8))))

  (func $be16 (param $p i32) (result i32)
    (i32.or (i32.shl (i32.load8_u (local.get $p)) (i32.const 8)) (i32.load8_u offset=1 (local.get $p))))

  ;; xxHash64, seed 0, of len bytes at p (the reference algorithm; xxhash-wasm's h64Raw)
  (func $xxh64 (param $p i32) (param $len i32) (result i64)
    (local $end i32) (local $h i64) (local $v1 i64) (local $v2 i64) (local $v3 i64) (local $v4 i64)
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (if (i32.ge_u (local.get $len) (i32.const 32))
      (then
        (local.set $v1 (i64.const 0x60ea27eeadc0b5d6)) ;; PRIME64_1 + PRIME64_2
        (local.set $v2 (i64.const 0xc2b2ae3d27d4eb4f)) ;; PRIME64_2
        (local.set $v3 (i64.const 0))
        (local.set $v4 (i64.const 0x61c8864e7a143579)) ;; -PRIME64_1
        (loop $stripe
          (local.set $v1 (call $round (local.get $v1) (i64.load (local.get $p))))
          (local.set $v2 (call $round (local.get $v2) (i64.load offset=8 (local.get $p))))
          (local.set $v3 (call $round (local.get $v3) (i64.load offset=16 (local.get $p))))
          (local.set $v4 (call $round (local.get $v4) (i64.load offset=24 (local.get $p))))
          (local.set $p (i32.add (local.get $p) (i32.const 32)))
          (br_if $stripe (i32.le_u (local.get $p) (i32.sub (local.get $end) (i32.const 32)))))
        (local.set $h (i64.add
          (i64.add (i64.rotl (local.get $v1) (i64.const 1)) (i64.rotl (local.get $v2) (i64.const 7)))
          (i64.add (i64.rotl (local.get $v3) (i64.const 12)) (i64.rotl (local.get $v4) (i64.const 18)))))
        (local.set $h (call $merge (local.get $h) (local.get $v1)))
        (local.set $h (call $merge (local.get $h) (local.get $v2)))
        (local.set $h (call $merge (local.get $h) (local.get $v3)))
        (local.set $h (call $merge (local.get $h) (local.get $v4))))
      (else (local.set $h (i64.const 0x27d4eb2f165667c5)))) ;; PRIME64_5
    (local.set $h (i64.add (local.get $h) (i64.extend_i32_u (local.get $len))))
    (block $eights
      (loop $eight
        (br_if $eights (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $end)))
        (local.set $h (i64.add (i64.mul (i64.rotl (i64.xor (local.get $h) (call $round (i64.const 0) (i64.load (local.get $p)))) (i64.const 27))
          (i64.const 0x9e3779b185ebca87)) (i64.const 0x85ebca77c2b2ae63)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $eight)))
    (if (i32.le_u (i32.add (local.get $p) (i32.const 4)) (local.get $end))
      (then
        (local.set $h (i64.add (i64.mul (i64.rotl (i64.xor (local.get $h) (i64.mul (i64.load32_u (local.get $p)) (i64.const 0x9e3779b185ebca87))) (i64.const 23))
          (i64.const 0xc2b2ae3d27d4eb4f)) (i64.const 0x165667b19e3779f9)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))))
    (block $ones
      (loop $one
        (br_if $ones (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $h (i64.mul (i64.rotl (i64.xor (local.get $h) (i64.mul (i64.load8_u (local.get $p)) (i64.const 0x27d4eb2f165667c5))) (i64.const 11))
          (i64.const 0x9e3779b185ebca87)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $one)))
    (local.set $h (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 33))) (i64.const 0xc2b2ae3d27d4eb4f)))
    (local.set $h (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))) (i64.const 0x165667b19e3779f9)))
    (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32))))

  (func $round (param $acc i64) (param $input i64) (result i64)
    (i64.mul (i64.rotl (i64.add (local.get $acc) (i64.mul (local.get $input) (i64.const 0xc2b2ae3d27d4eb4f))) (i64.const 31)) (i64.const 0x9e3779b185ebca87)))

  (func $merge (param $acc i64) (param $val i64) (result i64)
    (i64.add (i64.mul (i64.xor (local.get $acc) (call $round (i64.const 0) (local.get $val))) (i64.const 0x9e3779b185ebca87)) (i64.const 0x85ebca77c2b2ae63)))

  ;; flow-update.ts rtt(): starts a pending measure if none is, or ends the pending one
  (func $rtt (param $m i32) (param $sec f64) (param $nsec i32) (param $start i32) (param $stop i32)
    (local $pending i32)
    (local.set $pending (f64.gt (f64.load offset=296 (local.get $m)) (f64.const 0)))
    (if (i32.and (i32.ne (local.get $start) (i32.const 0)) (i32.eqz (local.get $pending)))
      (then
        (f64.store offset=296 (local.get $m) (f64.add (local.get $sec) (f64.const 1)))
        (f64.store offset=304 (local.get $m) (f64.convert_i32_u (local.get $nsec))))
      (else
        (if (i32.and (i32.ne (local.get $stop) (i32.const 0)) (local.get $pending))
          (then
            (f64.store offset=288 (local.get $m) (f64.add
              (f64.mul (f64.sub (local.get $sec) (f64.sub (f64.load offset=296 (local.get $m)) (f64.const 1))) (f64.const 1e9))
              (f64.sub (f64.convert_i32_u (local.get $nsec)) (f64.load offset=304 (local.get $m)))))
            (f64.store offset=296 (local.get $m) (f64.const 0)))))))

  ;; flow-update.ts tcpFlags(): SYN/FIN/RST times (§3.5), SYN first, then FIN, then RST
  (func $tcpFlags (param $m i32) (param $a i32) (param $ms f64) (param $fl i32) (param $ttl i32)
    (if (i32.and (local.get $fl) (i32.const 2))
      (then
        (if (i32.and (local.get $a) (f64.eq (f64.load offset=624 (local.get $m)) (f64.const 0)))
          (then
            (f64.store offset=624 (local.get $m) (local.get $ms))
            (f64.store offset=640 (local.get $m) (f64.convert_i32_u (local.get $ttl))))
          (else
            ;; Quirk (flows spec §6.7): a retransmitted SYN from A fills the BA fields
            (if (f64.eq (f64.load offset=632 (local.get $m)) (f64.const 0))
              (then
                (f64.store offset=632 (local.get $m) (local.get $ms))
                (f64.store offset=648 (local.get $m) (f64.convert_i32_u (local.get $ttl))))))))
      (else
        (if (i32.and (local.get $fl) (i32.const 1))
          (then (f64.store (i32.add (local.get $m) (select (i32.const 656) (i32.const 664) (local.get $a))) (local.get $ms)))
          (else (f64.store (i32.add (local.get $m) (select (i32.const 672) (i32.const 680) (local.get $a))) (local.get $ms)))))))

  ;; tcp-reassembly.ts deliver() (no skipped bytes)
  (func $deliver (param $st i32) (param $bytes f64) (param $start i32) (param $end i32) (param $sec f64) (param $nsec i32)
    (local $flags i32) (local $es f64)
    (local.set $flags (i32.trunc_f64_u (f64.load offset=24 (local.get $st))))
    (if (i32.eqz (i32.and (local.get $flags) (i32.const 1)))
      (then
        (local.set $flags (i32.or (local.get $flags) (i32.const 1)))
        (f64.store offset=32 (local.get $st) (local.get $sec))
        (f64.store offset=40 (local.get $st) (f64.convert_i32_u (local.get $nsec)))))
    (local.set $es (f64.load offset=32 (local.get $st)))
    (if (i32.or (f64.lt (local.get $sec) (local.get $es))
                (i32.and (f64.eq (local.get $sec) (local.get $es)) (f64.lt (f64.convert_i32_u (local.get $nsec)) (f64.load offset=40 (local.get $st)))))
      (then (f64.store offset=64 (local.get $st) (f64.add (f64.load offset=64 (local.get $st)) (f64.const 1))))
      (else
        (f64.store offset=32 (local.get $st) (local.get $sec))
        (f64.store offset=40 (local.get $st) (f64.convert_i32_u (local.get $nsec)))))
    (f64.store offset=48 (local.get $st) (f64.add (f64.load offset=48 (local.get $st)) (local.get $bytes)))
    (f64.store offset=56 (local.get $st) (f64.add (f64.load offset=56 (local.get $st)) (f64.const 1)))
    (if (local.get $start) (then (local.set $flags (i32.or (local.get $flags) (i32.const 2)))))
    (if (local.get $end) (then (local.set $flags (i32.or (local.get $flags) (i32.const 4)))))
    (f64.store offset=24 (local.get $st) (f64.convert_i32_u (local.get $flags))))

  ;; tcp-reassembly.ts difference(): t - s across the sequence wrap, with its U32MAX quirk
  (func $difference (param $s f64) (param $t f64) (result f64)
    (if (i32.and (f64.gt (local.get $s) (f64.const 3221225472)) (f64.lt (local.get $t) (f64.const 1073741823)))
      (then (local.set $t (f64.add (local.get $t) (f64.const 4294967295))))
      (else
        (if (i32.and (f64.gt (local.get $t) (f64.const 3221225472)) (f64.lt (local.get $s) (f64.const 1073741823)))
          (then (local.set $s (f64.add (local.get $s) (f64.const 4294967295)))))))
    (f64.sub (local.get $t) (local.get $s)))

  ;; tcp-reassembly.ts span(): the bytes of a segment at `seq` past the next expected one
  (func $span (param $st i32) (param $seq i32) (param $len i32) (result f64)
    (local $next f64) (local $gap f64)
    (local.set $next (f64.load offset=8 (local.get $st)))
    (if (f64.lt (local.get $next) (f64.const 0))
      (then
        (f64.store offset=8 (local.get $st) (f64.convert_i32_u (i32.add (local.get $seq) (local.get $len))))
        (return (f64.convert_i32_u (local.get $len)))))
    (local.set $gap (call $difference (f64.convert_i32_u (local.get $seq)) (local.get $next)))
    (if (f64.le (local.get $gap) (f64.const 0))
      (then
        (f64.store offset=8 (local.get $st) (f64.convert_i32_u (i32.add (local.get $seq) (local.get $len))))
        (return (f64.convert_i32_u (local.get $len)))))
    (if (f64.lt (f64.convert_i32_u (local.get $len)) (local.get $gap)) (then (return (f64.const 0))))
    (f64.store offset=8 (local.get $st) (f64.convert_i32_u (i32.add
      (i32.trunc_f64_u (local.get $next)) (i32.sub (local.get $len) (i32.trunc_f64_u (local.get $gap))))))
    (f64.sub (f64.convert_i32_u (local.get $len)) (local.get $gap)))

  ;; flow-update.ts completeStream(): the stream's counters become its direction's TCPMetric
  ;; fields, and it closes (it has no pages)
  (func $complete (param $m i32) (param $st i32)
    (local $t i32) (local $flags i32)
    (local.set $t (i32.add (local.get $m) (select (i32.const 688) (i32.const 744) (i32.eq (local.get $st) (i32.add (local.get $m) (i32.const 112))))))
    (local.set $flags (i32.trunc_f64_u (f64.load offset=24 (local.get $st))))
    (f64.store (local.get $t) (f64.load offset=64 (local.get $st)))
    (f64.store offset=8 (local.get $t) (f64.load offset=72 (local.get $st)))
    (f64.store offset=16 (local.get $t) (f64.load offset=80 (local.get $st)))
    (f64.store offset=24 (local.get $t) (f64.load offset=56 (local.get $st)))
    (f64.store offset=32 (local.get $t) (f64.load offset=48 (local.get $st)))
    (f64.store offset=40 (local.get $t) (select (f64.const 1) (f64.const 0) (i32.and (local.get $flags) (i32.const 2))))
    (f64.store offset=48 (local.get $t) (select (f64.const 1) (f64.const 0) (i32.and (local.get $flags) (i32.const 4))))
    (f64.store offset=40 (local.get $m) (f64.convert_i32_u (i32.or (i32.trunc_f64_u (f64.load offset=40 (local.get $m))) (i32.const 0x100))))
    (f64.store (local.get $st) (f64.const 0)))
)
