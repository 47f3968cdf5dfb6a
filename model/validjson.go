package model

import "encoding/binary"

// ValidJSON reports whether b is one valid JSON value, accepting exactly what json.Valid
// accepts (any bytes of 0x80 and above in strings, as encoding/json does; nesting deeper than
// 10,000 levels refused). It is json.Valid without the scanner's per-byte state machine, which
// was about 15% of the CPU of 'list -o json' over 10,000 partners. validjson_test.go compares
// the two, fuzzed.
func ValidJSON(b []byte) bool {
	end := validValue(b, skipSpace(b, 0), 0)
	return end >= 0 && skipSpace(b, end) == len(b)
}

// maxDepth is encoding/json's maxNestingDepth: json.Valid refuses JSON nested deeper.
const maxDepth = 10000

// validValue returns the index after the valid JSON value that starts at b[i], or -1; depth
// containers are open around it, which count towards maxDepth.
func validValue(b []byte, i, depth int) int {
	var stack []byte // the open containers, '{' or '['
	for {
		// A value starts at b[i].
		if i >= len(b) {
			return -1
		}
		switch c := b[i]; {
		case c == '{' || c == '[':
			if stack = append(stack, c); depth+len(stack) > maxDepth {
				return -1
			}
			i = skipSpace(b, i+1)
			if i < len(b) && (c == '{' && b[i] == '}' || c == '[' && b[i] == ']') {
				stack = stack[:len(stack)-1]
				i++
				break
			}
			if c == '{' {
				if i = validKey(b, i); i < 0 {
					return -1
				}
			}
			continue
		case c == '"':
			if i = validString(b, i); i < 0 {
				return -1
			}
		case c == 't':
			if i = validLiteral(b, i, "true"); i < 0 {
				return -1
			}
		case c == 'f':
			if i = validLiteral(b, i, "false"); i < 0 {
				return -1
			}
		case c == 'n':
			if i = validLiteral(b, i, "null"); i < 0 {
				return -1
			}
		case c == '-' || c >= '0' && c <= '9':
			if i = validNumber(b, i); i < 0 {
				return -1
			}
		default:
			return -1
		}
		// After a value: close containers, or a comma and the next value.
		for {
			if len(stack) == 0 {
				return i
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return -1
			}
			top := stack[len(stack)-1]
			if c := b[i]; c == ',' {
				i = skipSpace(b, i+1)
				if top == '{' {
					if i = validKey(b, i); i < 0 {
						return -1
					}
				}
				break
			} else if top == '{' && c == '}' || top == '[' && c == ']' {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			return -1
		}
	}
}

// validKey checks a member name and its colon at b[i], and returns where the value starts, or -1.
func validKey(b []byte, i int) int {
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	if i = validString(b, i); i < 0 {
		return -1
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return -1
	}
	return skipSpace(b, i+1)
}

// plainStringByte marks the bytes a JSON string holds as they are: not a control, ", or \.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plainStringWord reports whether the 8 bytes of x are all plainStringByte's: none below 0x20,
// " or \\. (The zero-byte test can report a byte next to a real one, never miss one; the byte
// loop then decides.)
func plainStringWord(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ ('"' * ones)
	b := x ^ ('\\' * ones)
	low := x & (0x60 * ones) // zero where a byte is below 0x20 or 0x80 to 0x9f
	return ((q-ones)&^q|(b-ones)&^b|(low-ones)&^low)&highs == 0
}

// validString returns the index after the string that starts at b[i] == '"', or -1.
func validString(b []byte, i int) int {
	for i++; ; {
		for i+8 <= len(b) && plainStringWord(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		for i < len(b) && plainStringByte[b[i]] {
			i++
		}
		if i >= len(b) {
			return -1
		}
		switch b[i] {
		case '"':
			return i + 1
		case '\\':
			if i+1 >= len(b) {
				return -1
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+5 >= len(b) {
					return -1
				}
				for _, h := range b[i+2 : i+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return -1
					}
				}
				i += 6
			default:
				return -1
			}
		default: // a control character
			return -1
		}
	}
}

func validLiteral(b []byte, i int, lit string) int {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// validNumber returns the index after the number that starts at b[i], or -1.
func validNumber(b []byte, i int) int {
	if b[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return -1
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return -1
		}
	}
	return i
}
