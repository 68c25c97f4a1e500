package webhook

import (
	"encoding/json"
	"strconv"
	"strings"
)

// NumberEqual compares two JSON numbers by value without converting to float64, which would make
// 12345678901234567890 equal 12345678901234567891, and without math/big, which would allocate a
// number with a billion digits for "1e1000000000". Each side is reduced to sign, significant
// digits and a decimal exponent; equal values have equal reductions.
func NumberEqual(a, b json.Number) bool {
	an, ok1 := reduceNumber(string(a))
	bn, ok2 := reduceNumber(string(b))
	if !ok1 || !ok2 {
		return a == b // not a JSON number or an absurd exponent: only identical text is equal
	}
	return an == bn
}

// reducedNumber is value = (-1 if neg) × digits × 10^exp, digits without leading or trailing
// zeros. Zero is the zero value, so -0 equals 0.
type reducedNumber struct {
	neg    bool
	digits string
	exp    int64
}

// maxExponent bounds exponents so the arithmetic below cannot overflow.
const maxExponent = 1 << 40

// numberParts splits a JSON number into its parts, reporting whether it follows the JSON grammar
// (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?).
func numberParts(s string) (neg bool, intPart, frac, exp string, ok bool) {
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	intPart, rest := leadingDigits(s)
	if intPart == "" || (len(intPart) > 1 && intPart[0] == '0') {
		return
	}
	if strings.HasPrefix(rest, ".") {
		if frac, rest = leadingDigits(rest[1:]); frac == "" {
			return
		}
	}
	if rest != "" {
		if rest[0] != 'e' && rest[0] != 'E' {
			return
		}
		e, sign := rest[1:], ""
		if e != "" && (e[0] == '+' || e[0] == '-') {
			sign, e = strings.TrimPrefix(e[:1], "+"), e[1:]
		}
		digits, tail := leadingDigits(e)
		if digits == "" || tail != "" {
			return
		}
		exp = sign + digits
	}
	return neg, intPart, frac, exp, true
}

func reduceNumber(s string) (reducedNumber, bool) {
	neg, intPart, frac, expText, ok := numberParts(s)
	if !ok {
		return reducedNumber{}, false
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		return reducedNumber{}, true // zero, whatever its exponent
	}
	var exp int64
	if expText != "" {
		e, err := strconv.ParseInt(expText, 10, 64)
		if err != nil || e > maxExponent || e < -maxExponent {
			return reducedNumber{}, false
		}
		exp = e
	}
	exp -= int64(len(frac))
	trimmed := strings.TrimRight(digits, "0")
	exp += int64(len(digits) - len(trimmed))
	return reducedNumber{neg: neg, digits: trimmed, exp: exp}, true
}

func leadingDigits(s string) (digits, rest string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}
