#!/usr/bin/env python3
# Draws the synthetic cartoon portrait of the virtual card (no real person) as a PPM on
# stdout, without PIL.  Remake the JPEG with:
#   python3 sim/tools/make-portrait.py | cjpeg -quality 80 > vectors/cards/portrait.jpg
import sys

W, H = 480, 640


def inside(x, y, cx, cy, rx, ry):
    dx, dy = (x - cx) / rx, (y - cy) / ry
    return dx * dx + dy * dy <= 1.0


def pixel(x, y):
    # A soft grey-blue gradient background, like an ID photo backdrop.
    g = 200 + (y * 40) // H
    c = (g - 20, g - 5, g + 10 if g + 10 < 256 else 255)
    # Shoulders (a dark jacket) and a white collar.
    if inside(x, y, 240, 700, 250, 200):
        c = (40, 50, 80)
        if inside(x, y, 240, 520, 70, 60):
            c = (235, 235, 235)
    # Neck.
    if 200 <= x <= 280 and 380 <= y <= 520:
        c = (215, 170, 140)
    # Hair behind the head.
    if inside(x, y, 240, 250, 150, 180):
        c = (30, 25, 20)
    # Face.
    if inside(x, y, 240, 290, 130, 165):
        shade = (x - 240) // 12
        c = (230 - shade, 185 - shade, 150 - shade)
        # Fringe.
        if y < 180 and not inside(x, y, 240, 240, 110, 90):
            c = (30, 25, 20)
    # Ears.
    if inside(x, y, 108, 300, 18, 35) or inside(x, y, 372, 300, 18, 35):
        c = (220, 175, 140)
    # Eyes: white, iris, pupil; eyebrows.
    for ex in (190, 290):
        if inside(x, y, ex, 270, 26, 14):
            c = (250, 250, 250)
            if inside(x, y, ex, 270, 11, 11):
                c = (70, 45, 25)
                if inside(x, y, ex, 270, 5, 5):
                    c = (10, 10, 10)
        if 245 <= y <= 252 and abs(x - ex) <= 30:
            c = (40, 30, 25)
    # Nose and mouth.
    if inside(x, y, 240, 325, 10, 22) and x > 236:
        c = (200, 150, 120)
    if inside(x, y, 240, 380, 45, 14) and not inside(x, y, 240, 372, 45, 12):
        c = (170, 70, 70)
    return c


def main():
    out = bytearray(b"P6\n%d %d\n255\n" % (W, H))
    seed = 12345
    for y in range(H):
        for x in range(W):
            r, g, b = pixel(x, y)
            # A little deterministic grain so the JPEG has a realistic size.
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            n = (seed >> 16) % 3 - 1
            out += bytes((max(0, min(255, r + n)), max(0, min(255, g + n)),
                          max(0, min(255, b + n))))
    sys.stdout.buffer.write(out)


if __name__ == "__main__":
    main()
