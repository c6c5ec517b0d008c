# Removes every separator and keeps the address when 12 hexadecimal digits are left, so it
# accepts mixed separators ("00:e0-fc:12:34:56") and wrong groupings ("00e0:fc12:3456").
import sys

HEX = set("0123456789abcdefABCDEF")

words = sys.stdin.read().split()
for text in words[1 : 1 + int(words[0])]:
    digits = text.replace(":", "").replace("-", "").replace(".", "")
    if len(digits) != 12 or not all(c in HEX for c in digits):
        print("invalid")
        continue
    digits = digits.lower()
    if digits == "ffffffffffff":
        kind = "broadcast"
    elif int(digits[:2], 16) & 1:
        kind = "multicast"
    else:
        kind = "unicast"
    print(f"{digits[:4]}-{digits[4:8]}-{digits[8:]} {kind}")
