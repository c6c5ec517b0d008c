import sys

HEX = set("0123456789abcdefABCDEF")
# (separator, digits per group) of the notations with separators
NOTATIONS = ((":", 2), ("-", 2), (".", 4), ("-", 4))


def digits_of(text):
    for sep, size in NOTATIONS:
        groups = text.split(sep)
        if len(groups) == 12 // size and all(len(g) == size for g in groups):
            return "".join(groups)
    return text


def normalise(text):
    digits = digits_of(text)
    if len(digits) != 12 or not all(c in HEX for c in digits):
        return "invalid"
    digits = digits.lower()
    if digits == "ffffffffffff":
        kind = "broadcast"
    elif int(digits[:2], 16) & 1:
        kind = "multicast"
    else:
        kind = "unicast"
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]} {kind}"


def main():
    words = sys.stdin.read().split()
    n = int(words[0])
    print("\n".join(normalise(w) for w in words[1 : 1 + n]))


main()
