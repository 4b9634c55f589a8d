;; A flow record (flow-record.ts N, 8 bytes a number) → its JSON line, byte for byte what
;; flow-json.ts writeFlowJson writes followed by "\n": compiled code from the first flow on,
;; where the JavaScript writer spent most of its time waiting for V8 to warm it up (printing
;; 10,000 flows: bench/RESULTS.md). `line` returns 0, having written only scratch, for what it
;; leaves to JavaScript: ICMP and IPv6 flows, numbers that are not integers in 0…2^53, strings
;; not placed. wasm-flow-json.ts places the texts, and flow-json.test.ts checks the equality.
;; Build: node scripts/build-wasm.mjs (wabt) writes flow-json-wasm.ts.
(module
  (import "env" "mem" (memory 1))
  ;; texts: entry i (offset, length; i32 each) is JSON_TEXTS[i] of wasm-flow-json.ts, then
  ;; the interned strings quoted; the bytes of each are padded to 8 (copied 8 at a time)
  (global $texts (export "texts") (mut i32) (i32.const 0))
  (global $ntexts (export "ntexts") (mut i32) (i32.const 0))
  ;; 512 bytes for the SHA-1 schedule and digest; the Community ID seed
  (global $scratch (export "scratch") (mut i32) (i32.const 0))
  (global $seed (export "seed") (mut i32) (i32.const 0))
  ;; set when the line is JavaScript's to write
  (global $bad (mut i32) (i32.const 0))

  ;; m: the record's first number; out: where the line goes (with 8 KiB of room). Returns the
  ;; end of the line, or 0.
  (func (export "line") (param $m i32) (param $out i32) (result i32)
    (local $p i32) (local $flags i32) (local $trans i32) (local $i i32) (local $v f64)
    (global.set $bad (i32.const 0))
    (local.set $flags (i32.trunc_sat_f64_u (f64.load offset=40 (local.get $m))))
    ;; ICMP (0x1000), IPv6 (2): JavaScript
    (if (i32.and (local.get $flags) (i32.const 0x1002)) (then (return (i32.const 0))))
    (local.set $p (call $lit (local.get $out) (i32.const 0)))
    (local.set $p (call $uuid (local.get $p) (local.get $m)))
    (local.set $p (call $byte (local.get $p) (i32.const 0x22)))
    (local.set $p (call $str (local.get $p) (i32.const 1) (f64.load offset=480 (local.get $m))))
    (local.set $p (call $str (local.get $p) (i32.const 2) (f64.load offset=488 (local.get $m))))
    (if (i32.and (local.get $flags) (i32.const 1))
      (then
        (local.set $p (call $lit (local.get $p) (i32.const 3)))
        (local.set $p (call $mac (local.get $p) (f64.load offset=48 (local.get $m)) (f64.load offset=56 (local.get $m))))
        (local.set $p (call $lit (local.get $p) (i32.const 4)))
        (local.set $p (call $mac (local.get $p) (f64.load offset=328 (local.get $m)) (f64.load offset=336 (local.get $m))))
        (local.set $p (call $lit (local.get $p) (i32.const 5)))
        (local.set $p (call $num (local.get $p) (f64.load offset=384 (local.get $m))))
        (local.set $p (call $byte (local.get $p) (i32.const 0x7d)))))
    (if (i32.and (local.get $flags) (i32.const 4))
      (then
        (local.set $p (call $lit (local.get $p) (i32.const 6)))
        (local.set $p (call $ipv4 (local.get $p) (f64.load offset=80 (local.get $m))))
        (local.set $p (call $lit (local.get $p) (i32.const 4)))
        (local.set $p (call $ipv4 (local.get $p) (f64.load offset=344 (local.get $m))))
        (local.set $p (call $lit (local.get $p) (i32.const 5)))
        (local.set $p (call $num (local.get $p) (f64.load offset=392 (local.get $m))))
        (local.set $p (call $byte (local.get $p) (i32.const 0x7d)))))
    (local.set $trans (i32.and (i32.shr_u (local.get $flags) (i32.const 4)) (i32.const 7)))
    (if (local.get $trans)
      (then
        (local.set $p (call $lit (local.get $p) (i32.const 7)))
        (local.set $p (call $lit (local.get $p) (i32.add (i32.const 51) (local.get $trans))))
        (local.set $p (call $lit (local.get $p) (i32.const 8)))
        (local.set $p (call $num (local.get $p) (f64.load offset=72 (local.get $m))))
        (local.set $p (call $lit (local.get $p) (i32.const 9)))
        (local.set $p (call $num (local.get $p) (f64.load offset=376 (local.get $m))))
        (local.set $p (call $lit (local.get $p) (i32.const 10)))))
    (if (i32.and (local.get $flags) (i32.const 0x400))
      (then
        (local.set $p (call $lit (local.get $p) (i32.const 11)))
        (local.set $p (call $metric (local.get $p)
          (f64.load offset=536 (local.get $m)) (f64.load offset=544 (local.get $m)) (f64.load offset=552 (local.get $m))
          (f64.load offset=560 (local.get $m)) (f64.load offset=568 (local.get $m)) (f64.load offset=576 (local.get $m))
          (f64.load offset=584 (local.get $m))))))
    (local.set $p (call $lit (local.get $p) (i32.const 12)))
    (local.set $p (call $metric (local.get $p)
      (f64.load offset=8 (local.get $m)) (f64.load offset=16 (local.get $m)) (f64.load offset=24 (local.get $m))
      (f64.load offset=32 (local.get $m)) (f64.load offset=320 (local.get $m)) (f64.load (local.get $m))
      (f64.load offset=288 (local.get $m))))
    (if (i32.and (local.get $flags) (i32.const 0x100))
      (then
        ;; TCPMetric: 22 numbers from N.TCP; ABSynTTL and BASynTTL (2 and 3) left out when 0
        (local.set $p (call $lit (local.get $p) (i32.const 13)))
        (loop $tcp
          (local.set $v (f64.load offset=624 (i32.add (local.get $m) (i32.shl (local.get $i) (i32.const 3)))))
          (if (i32.or (f64.ne (local.get $v) (f64.const 0)) (i32.gt_u (i32.sub (local.get $i) (i32.const 2)) (i32.const 1)))
            (then
              (local.set $p (call $lit (local.get $p) (i32.add (i32.const 29) (local.get $i))))
              (local.set $p (call $num (local.get $p) (local.get $v)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $tcp (i32.lt_u (local.get $i) (i32.const 22))))
        (local.set $p (call $byte (local.get $p) (i32.const 0x7d)))))
    (if (i32.and (local.get $flags) (i32.const 0x200))
      (then
        (local.set $p (call $lit (local.get $p) (i32.const 21)))
        (local.set $p (call $num (local.get $p) (f64.load offset=520 (local.get $m))))
        (local.set $p (call $lit (local.get $p) (i32.const 22)))
        (local.set $p (call $num (local.get $p) (f64.load offset=528 (local.get $m))))
        (local.set $p (call $byte (local.get $p) (i32.const 0x7d)))))
    (local.set $p (call $lit (local.get $p) (i32.const 18)))
    (local.set $p (call $num (local.get $p) (f64.load offset=320 (local.get $m))))
    (local.set $p (call $lit (local.get $p) (i32.const 19)))
    (local.set $p (call $num (local.get $p) (f64.load (local.get $m))))
    (local.set $p (call $lit (local.get $p) (i32.const 23)))
    (local.set $p (call $hex64 (local.get $p) (f64.load offset=416 (local.get $m)) (f64.load offset=424 (local.get $m))))
    (local.set $p (call $lit (local.get $p) (i32.const 24)))
    (local.set $p (call $hex64 (local.get $p) (f64.load offset=432 (local.get $m)) (f64.load offset=440 (local.get $m))))
    (local.set $p (call $lit (local.get $p) (i32.const 25)))
    (if (i32.and (local.get $flags) (i32.const 0x800))
      (then (local.set $p (call $hex64 (local.get $p) (f64.load offset=464 (local.get $m)) (f64.load offset=472 (local.get $m))))))
    (local.set $p (call $byte (local.get $p) (i32.const 0x22)))
    (local.set $p (call $lit (local.get $p) (i32.const 26)))
    (local.set $v (f64.load offset=408 (local.get $m)))
    (if (f64.ne (local.get $v) (f64.const 0))
      (then
        (local.set $p (call $lit (local.get $p) (i32.const 27)))
        (local.set $p (call $num (local.get $p) (local.get $v)))))
    (if (i32.and (local.get $flags) (i32.const 4))
      (then
        (local.set $p (call $lit (local.get $p) (i32.const 28)))
        (local.set $p (call $community (local.get $p) (local.get $m) (local.get $flags)))
        (local.set $p (call $byte (local.get $p) (i32.const 0x22)))))
    (local.set $p (call $byte (local.get $p) (i32.const 0x7d)))
    (local.set $p (call $byte (local.get $p) (i32.const 0x0a)))
    (select (i32.const 0) (local.get $p) (global.get $bad)))

  (func $byte (param $p i32) (param $c i32) (result i32)
    (i32.store8 (local.get $p) (local.get $c))
    (i32.add (local.get $p) (i32.const 1)))

  ;; text i, copied 8 bytes at a time (its bytes are padded; the output has room)
  (func $lit (param $p i32) (param $i i32) (result i32)
    (local $e i32) (local $src i32) (local $len i32) (local $k i32)
    (local.set $e (i32.add (global.get $texts) (i32.shl (local.get $i) (i32.const 3))))
    (local.set $src (i32.load (local.get $e)))
    (local.set $len (i32.load offset=4 (local.get $e)))
    (loop $copy
      (i64.store (i32.add (local.get $p) (local.get $k)) (i64.load (i32.add (local.get $src) (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 8)))
      (br_if $copy (i32.lt_u (local.get $k) (local.get $len))))
    (i32.add (local.get $p) (local.get $len)))

  ;; `,"Key":` (text key) and the interned string `id` quoted, unless it is empty
  (func $str (param $p i32) (param $key i32) (param $id f64) (result i32)
    (local $i i32) (local $len i32)
    (local.set $i (i32.add (i32.const 60) (i32.trunc_sat_f64_u (local.get $id))))
    (if (i32.ge_u (local.get $i) (global.get $ntexts)) (then (global.set $bad (i32.const 1)) (return (local.get $p))))
    (local.set $len (i32.load offset=4 (i32.add (global.get $texts) (i32.shl (local.get $i) (i32.const 3)))))
    ;; a string too long to place
    (if (i32.gt_u (local.get $len) (i32.const 2048)) (then (global.set $bad (i32.const 1)) (return (local.get $p))))
    ;; "" is written as nothing (its quoted text is 2 bytes)
    (if (i32.le_u (local.get $len) (i32.const 2)) (then (return (local.get $p))))
    (call $lit (call $lit (local.get $p) (local.get $key)) (local.get $i)))

  (func $metric (param $p i32) (param $abp f64) (param $abb f64) (param $bap f64) (param $bab f64)
      (param $start f64) (param $last f64) (param $rtt f64) (result i32)
    (local.set $p (call $num (call $lit (local.get $p) (i32.const 14)) (local.get $abp)))
    (local.set $p (call $num (call $lit (local.get $p) (i32.const 15)) (local.get $abb)))
    (local.set $p (call $num (call $lit (local.get $p) (i32.const 16)) (local.get $bap)))
    (local.set $p (call $num (call $lit (local.get $p) (i32.const 17)) (local.get $bab)))
    (local.set $p (call $num (call $lit (local.get $p) (i32.const 18)) (local.get $start)))
    (local.set $p (call $num (call $lit (local.get $p) (i32.const 19)) (local.get $last)))
    (if (f64.ne (local.get $rtt) (f64.const 0))
      (then (local.set $p (call $num (call $lit (local.get $p) (i32.const 20)) (local.get $rtt)))))
    (call $byte (local.get $p) (i32.const 0x7d)))

  ;; JsonBytes.number for integers 0 <= v < 2^53 (digits above 10^9 first, as it splits them);
  ;; anything else is JavaScript's
  (func $num (param $p i32) (param $v f64) (result i32)
    (local $hi f64) (local $lo f64)
    (if (i32.eqz (f64.ge (local.get $v) (f64.const 0))) (then (global.set $bad (i32.const 1)) (return (local.get $p))))
    (if (f64.ne (f64.trunc (local.get $v)) (local.get $v)) (then (global.set $bad (i32.const 1)) (return (local.get $p))))
    (if (f64.lt (local.get $v) (f64.const 4294967296))
      (then (return (call $u32 (local.get $p) (i32.trunc_sat_f64_u (local.get $v))))))
    (if (f64.gt (local.get $v) (f64.const 9007199254740991)) (then (global.set $bad (i32.const 1)) (return (local.get $p))))
    (local.set $hi (f64.floor (f64.div (local.get $v) (f64.const 1e9))))
    (local.set $lo (f64.sub (local.get $v) (f64.mul (local.get $hi) (f64.const 1e9))))
    (if (i32.or (f64.lt (local.get $lo) (f64.const 0)) (f64.ge (local.get $lo) (f64.const 1e9)))
      (then (global.set $bad (i32.const 1)) (return (local.get $p))))
    (call $digits (call $u32 (local.get $p) (i32.trunc_sat_f64_u (local.get $hi))) (i32.trunc_sat_f64_u (local.get $lo)) (i32.const 9)))

  ;; decimal digits of v
  (func $u32 (param $p i32) (param $v i32) (result i32)
    (local $len i32) (local $t i64)
    (local.set $len (i32.const 1))
    (local.set $t (i64.const 10))
    (block $counted
      (loop $count
        (br_if $counted (i64.lt_u (i64.extend_i32_u (local.get $v)) (local.get $t)))
        (local.set $len (i32.add (local.get $len) (i32.const 1)))
        (local.set $t (i64.mul (local.get $t) (i64.const 10)))
        (br $count)))
    (call $digits (local.get $p) (local.get $v) (local.get $len)))

  ;; v as exactly len digits, zero-padded
  (func $digits (param $p i32) (param $v i32) (param $len i32) (result i32)
    (local $q i32) (local $e i32)
    (local.set $e (i32.add (local.get $p) (local.get $len)))
    (local.set $p (local.get $e))
    (loop $digit
      ;; v / 10 for any uint32
      (local.set $q (i32.wrap_i64 (i64.shr_u (i64.mul (i64.extend_i32_u (local.get $v)) (i64.const 0xcccccccd)) (i64.const 35))))
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.sub (i32.add (i32.const 48) (local.get $v)) (i32.mul (local.get $q) (i32.const 10))))
      (local.set $v (local.get $q))
      (local.set $len (i32.sub (local.get $len) (i32.const 1)))
      (br_if $digit (local.get $len)))
    (local.get $e))

  (func $hexDigit (param $d i32) (result i32)
    (i32.add (i32.add (local.get $d) (i32.const 48)) (select (i32.const 39) (i32.const 0) (i32.gt_u (local.get $d) (i32.const 9)))))

  ;; the uint64 hi·2^32 + lo in lowercase hex without leading zeros
  (func $hex64 (param $p i32) (param $hiF f64) (param $loF f64) (result i32)
    (local $hi i32) (local $lo i32) (local $n i32)
    (local.set $hi (i32.trunc_sat_f64_u (local.get $hiF)))
    (local.set $lo (i32.trunc_sat_f64_u (local.get $loF)))
    (if (local.get $hi)
      (then
        (local.set $p (call $hex (local.get $p) (local.get $hi) (i32.sub (i32.const 8) (i32.shr_u (i32.clz (local.get $hi)) (i32.const 2)))))
        (return (call $hex (local.get $p) (local.get $lo) (i32.const 8)))))
    (local.set $n (i32.sub (i32.const 8) (i32.shr_u (i32.clz (local.get $lo)) (i32.const 2))))
    (call $hex (local.get $p) (local.get $lo) (select (local.get $n) (i32.const 1) (local.get $n))))

  ;; the low n nibbles of v
  (func $hex (param $p i32) (param $v i32) (param $n i32) (result i32)
    (loop $nibble
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (i32.store8 (local.get $p) (call $hexDigit (i32.and (i32.shr_u (local.get $v) (i32.shl (local.get $n) (i32.const 2))) (i32.const 15))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $nibble (local.get $n)))
    (local.get $p))

  ;; MAC: hi its first 4 bytes, lo the last 2
  (func $mac (param $p i32) (param $hiF f64) (param $loF f64) (result i32)
    (local $hi i32) (local $lo i32)
    (local.set $hi (i32.trunc_sat_f64_u (local.get $hiF)))
    (local.set $lo (i32.trunc_sat_f64_u (local.get $loF)))
    (local.set $p (call $hex (local.get $p) (i32.shr_u (local.get $hi) (i32.const 24)) (i32.const 2)))
    (local.set $p (call $hex (call $byte (local.get $p) (i32.const 0x3a)) (i32.shr_u (local.get $hi) (i32.const 16)) (i32.const 2)))
    (local.set $p (call $hex (call $byte (local.get $p) (i32.const 0x3a)) (i32.shr_u (local.get $hi) (i32.const 8)) (i32.const 2)))
    (local.set $p (call $hex (call $byte (local.get $p) (i32.const 0x3a)) (local.get $hi) (i32.const 2)))
    (local.set $p (call $hex (call $byte (local.get $p) (i32.const 0x3a)) (i32.shr_u (local.get $lo) (i32.const 8)) (i32.const 2)))
    (call $hex (call $byte (local.get $p) (i32.const 0x3a)) (local.get $lo) (i32.const 2)))

  (func $ipv4 (param $p i32) (param $vF f64) (result i32)
    (local $v i32)
    (local.set $v (i32.trunc_sat_f64_u (local.get $vF)))
    (local.set $p (call $u32 (local.get $p) (i32.shr_u (local.get $v) (i32.const 24))))
    (local.set $p (call $u32 (call $byte (local.get $p) (i32.const 0x2e)) (i32.and (i32.shr_u (local.get $v) (i32.const 16)) (i32.const 255))))
    (local.set $p (call $u32 (call $byte (local.get $p) (i32.const 0x2e)) (i32.and (i32.shr_u (local.get $v) (i32.const 8)) (i32.const 255))))
    (call $u32 (call $byte (local.get $p) (i32.const 0x2e)) (i32.and (local.get $v) (i32.const 255))))

  ;; UUID (flowUuid, no NodeTID): xxHash64 of Start as 8 bytes big-endian, seeded with the
  ;; table key
  (func $uuid (param $p i32) (param $m i32) (result i32)
    (local $start f64) (local $h i64) (local $k i64) (local $x i64)
    (local.set $start (f64.load offset=320 (local.get $m)))
    (if (i32.or (i32.eqz (f64.ge (local.get $start) (f64.const 0)))
                (i32.or (f64.gt (local.get $start) (f64.const 9007199254740991)) (f64.ne (f64.trunc (local.get $start)) (local.get $start))))
      (then (global.set $bad (i32.const 1)) (return (local.get $p))))
    (local.set $x (i64.trunc_sat_f64_u (local.get $start)))
    ;; the 8 bytes big-endian, read little-endian as xxHash64 does: byte-swapped
    (local.set $x (i64.or
      (i64.or
        (i64.or (i64.shl (local.get $x) (i64.const 56)) (i64.and (i64.shl (local.get $x) (i64.const 40)) (i64.const 0x00ff000000000000)))
        (i64.or (i64.and (i64.shl (local.get $x) (i64.const 24)) (i64.const 0x0000ff0000000000)) (i64.and (i64.shl (local.get $x) (i64.const 8)) (i64.const 0x000000ff00000000))))
      (i64.or
        (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 8)) (i64.const 0x00000000ff000000)) (i64.and (i64.shr_u (local.get $x) (i64.const 24)) (i64.const 0x0000000000ff0000)))
        (i64.or (i64.and (i64.shr_u (local.get $x) (i64.const 40)) (i64.const 0x000000000000ff00)) (i64.shr_u (local.get $x) (i64.const 56))))))
    ;; seed + PRIME64_5 + length 8
    (local.set $h (i64.add
      (i64.or (i64.shl (i64.trunc_sat_f64_u (f64.load offset=448 (local.get $m))) (i64.const 32)) (i64.trunc_sat_f64_u (f64.load offset=456 (local.get $m))))
      (i64.const 0x27d4eb2f165667cd)))
    ;; one 8-byte lane: round(0, x), then merge
    (local.set $k (i64.mul (i64.rotl (i64.mul (local.get $x) (i64.const 0xc2b2ae3d27d4eb4f)) (i64.const 31)) (i64.const 0x9e3779b185ebca87)))
    (local.set $h (i64.add (i64.mul (i64.rotl (i64.xor (local.get $h) (local.get $k)) (i64.const 27)) (i64.const 0x9e3779b185ebca87)) (i64.const 0x85ebca77c2b2ae63)))
    ;; avalanche
    (local.set $h (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 33))) (i64.const 0xc2b2ae3d27d4eb4f)))
    (local.set $h (i64.mul (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))) (i64.const 0x165667b19e3779f9)))
    (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32))))
    (call $hex64 (local.get $p)
      (f64.convert_i64_u (i64.shr_u (local.get $h) (i64.const 32)))
      (f64.convert_i64_u (i64.and (local.get $h) (i64.const 0xffffffff)))))

  ;; Community ID v1 of an IPv4 flow (community-id.ts): base64 of SHA-1 over seed, the
  ;; ordered addresses, protocol, 0 and the ordered ports when the flow has them
  (func $community (param $p i32) (param $m i32) (param $flags i32) (result i32)
    (local $src i32) (local $dst i32) (local $sp i32) (local $dp i32) (local $t i32) (local $proto i32)
    (local $ports i32) (local $w i32) (local $i i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32) (local $f i32) (local $k i32)
    (local.set $proto (i32.trunc_sat_f64_u (f64.load offset=496 (local.get $m))))
    ;; ICMP's type pairs are JavaScript's
    (if (i32.or (i32.eq (local.get $proto) (i32.const 1)) (i32.eq (local.get $proto) (i32.const 58)))
      (then (global.set $bad (i32.const 1)) (return (local.get $p))))
    (local.set $src (i32.trunc_sat_f64_u (f64.load offset=80 (local.get $m))))
    (local.set $dst (i32.trunc_sat_f64_u (f64.load offset=344 (local.get $m))))
    (local.set $ports (i32.ne (i32.and (local.get $flags) (i32.const 0x2000)) (i32.const 0)))
    (local.set $sp (i32.trunc_sat_f64_u (f64.load offset=504 (local.get $m))))
    (local.set $dp (i32.trunc_sat_f64_u (f64.load offset=512 (local.get $m))))
    (if (i32.or (i32.gt_u (local.get $src) (local.get $dst))
                (i32.and (i32.eq (local.get $src) (local.get $dst)) (i32.and (local.get $ports) (i32.gt_u (local.get $sp) (local.get $dp)))))
      (then
        (local.set $t (local.get $src)) (local.set $src (local.get $dst)) (local.set $dst (local.get $t))
        (local.set $t (local.get $sp)) (local.set $sp (local.get $dp)) (local.set $dp (local.get $t))))
    ;; the one padded block as 16 big-endian words (12 or 16 bytes of message)
    (local.set $w (global.get $scratch))
    (i32.store (local.get $w) (i32.or (i32.shl (global.get $seed) (i32.const 16)) (i32.shr_u (local.get $src) (i32.const 16))))
    (i32.store offset=4 (local.get $w) (i32.or (i32.shl (local.get $src) (i32.const 16)) (i32.shr_u (local.get $dst) (i32.const 16))))
    (i32.store offset=8 (local.get $w) (i32.or (i32.shl (local.get $dst) (i32.const 16)) (i32.shl (local.get $proto) (i32.const 8))))
    (i32.store offset=12 (local.get $w) (select (i32.or (i32.shl (local.get $sp) (i32.const 16)) (local.get $dp)) (i32.const 0x80000000) (local.get $ports)))
    (i32.store offset=16 (local.get $w) (select (i32.const 0x80000000) (i32.const 0) (local.get $ports)))
    (local.set $i (i32.const 20))
    (loop $zero
      (i32.store (i32.add (local.get $w) (local.get $i)) (i32.const 0))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $zero (i32.lt_u (local.get $i) (i32.const 60))))
    (i32.store offset=60 (local.get $w) (select (i32.const 128) (i32.const 96) (local.get $ports)))
    ;; SHA-1
    (local.set $i (i32.const 64))
    (loop $schedule
      (i32.store (i32.add (local.get $w) (local.get $i)) (i32.rotl (i32.xor
        (i32.xor (i32.load offset=0 (i32.sub (i32.add (local.get $w) (local.get $i)) (i32.const 12)))
                 (i32.load offset=0 (i32.sub (i32.add (local.get $w) (local.get $i)) (i32.const 32))))
        (i32.xor (i32.load offset=0 (i32.sub (i32.add (local.get $w) (local.get $i)) (i32.const 56)))
                 (i32.load offset=0 (i32.sub (i32.add (local.get $w) (local.get $i)) (i32.const 64))))) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $schedule (i32.lt_u (local.get $i) (i32.const 320))))
    (local.set $a (i32.const 0x67452301))
    (local.set $b (i32.const 0xefcdab89))
    (local.set $c (i32.const 0x98badcfe))
    (local.set $d (i32.const 0x10325476))
    (local.set $e (i32.const 0xc3d2e1f0))
    (local.set $i (i32.const 0))
    (loop $round
      (if (i32.lt_u (local.get $i) (i32.const 80))
        (then
          (local.set $f (i32.or (i32.and (local.get $b) (local.get $c)) (i32.and (i32.xor (local.get $b) (i32.const -1)) (local.get $d))))
          (local.set $k (i32.const 0x5a827999)))
        (else (if (i32.lt_u (local.get $i) (i32.const 160))
          (then
            (local.set $f (i32.xor (i32.xor (local.get $b) (local.get $c)) (local.get $d)))
            (local.set $k (i32.const 0x6ed9eba1)))
          (else (if (i32.lt_u (local.get $i) (i32.const 240))
            (then
              (local.set $f (i32.or (i32.or (i32.and (local.get $b) (local.get $c)) (i32.and (local.get $b) (local.get $d))) (i32.and (local.get $c) (local.get $d))))
              (local.set $k (i32.const 0x8f1bbcdc)))
            (else
              (local.set $f (i32.xor (i32.xor (local.get $b) (local.get $c)) (local.get $d)))
              (local.set $k (i32.const 0xca62c1d6))))))))
      (local.set $t (i32.add (i32.add (i32.add (i32.rotl (local.get $a) (i32.const 5)) (local.get $f))
        (i32.add (local.get $e) (local.get $k))) (i32.load (i32.add (local.get $w) (local.get $i)))))
      (local.set $e (local.get $d))
      (local.set $d (local.get $c))
      (local.set $c (i32.rotl (local.get $b) (i32.const 30)))
      (local.set $b (local.get $a))
      (local.set $a (local.get $t))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $round (i32.lt_u (local.get $i) (i32.const 320))))
    ;; the digest, big-endian, after the schedule
    (local.set $w (i32.add (global.get $scratch) (i32.const 320)))
    (i32.store (local.get $w) (call $bswap (i32.add (local.get $a) (i32.const 0x67452301))))
    (i32.store offset=4 (local.get $w) (call $bswap (i32.add (local.get $b) (i32.const 0xefcdab89))))
    (i32.store offset=8 (local.get $w) (call $bswap (i32.add (local.get $c) (i32.const 0x98badcfe))))
    (i32.store offset=12 (local.get $w) (call $bswap (i32.add (local.get $d) (i32.const 0x10325476))))
    (i32.store offset=16 (local.get $w) (call $bswap (i32.add (local.get $e) (i32.const 0xc3d2e1f0))))
    ;; base64 (text 59 is its alphabet): six groups of 3 bytes, then 2 bytes and "="
    (local.set $i (i32.const 0))
    (loop $group
      (local.set $p (call $b64 (local.get $p) (i32.or (i32.or
        (i32.shl (i32.load8_u (i32.add (local.get $w) (local.get $i))) (i32.const 16))
        (i32.shl (i32.load8_u offset=1 (i32.add (local.get $w) (local.get $i))) (i32.const 8)))
        (i32.load8_u offset=2 (i32.add (local.get $w) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 3)))
      (br_if $group (i32.lt_u (local.get $i) (i32.const 18))))
    (local.set $p (call $b64 (local.get $p) (i32.or
      (i32.shl (i32.load8_u offset=18 (local.get $w)) (i32.const 16))
      (i32.shl (i32.load8_u offset=19 (local.get $w)) (i32.const 8)))))
    (i32.store8 (i32.sub (local.get $p) (i32.const 1)) (i32.const 0x3d))
    (local.get $p))

  (func $bswap (param $x i32) (result i32)
    (i32.or (i32.rotl (i32.and (local.get $x) (i32.const 0xff00ff00)) (i32.const 8))
            (i32.rotr (i32.and (local.get $x) (i32.const 0x00ff00ff)) (i32.const 8))))

  ;; four base64 characters of the 24 bits of n
  (func $b64 (param $p i32) (param $n i32) (result i32)
    (local $alpha i32)
    (local.set $alpha (i32.load offset=472 (global.get $texts)))
    (i32.store8 (local.get $p) (i32.load8_u (i32.add (local.get $alpha) (i32.shr_u (local.get $n) (i32.const 18)))))
    (i32.store8 offset=1 (local.get $p) (i32.load8_u (i32.add (local.get $alpha) (i32.and (i32.shr_u (local.get $n) (i32.const 12)) (i32.const 63)))))
    (i32.store8 offset=2 (local.get $p) (i32.load8_u (i32.add (local.get $alpha) (i32.and (i32.shr_u (local.get $n) (i32.const 6)) (i32.const 63)))))
    (i32.store8 offset=3 (local.get $p) (i32.load8_u (i32.add (local.get $alpha) (i32.and (local.get $n) (i32.const 63)))))
    (i32.add (local.get $p) (i32.const 4)))
)
