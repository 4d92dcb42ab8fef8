"""rendering/heap.py: the memory of a dropped document (objects in reference cycles, as layout boxes are)
goes back to the system, not only to the allocator."""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import gc, os
from booklet.rendering.heap import give_back

def resident():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20

gc.disable()  # a collection must not happen by chance: give_back is what frees the cycles

class Box:
    def __init__(self):
        self.me, self.data = self, bytearray(1000)

boxes = [Box() for _ in range(200_000)]  # about 200 MB
live = [bytearray(100) for _ in range(1000)]  # what a renderer keeps between documents
made = resident()
del boxes
give_back()
print(made, resident())
"""


def test_a_dropped_documents_memory_is_given_back_to_the_system():
    run = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    made, after = map(int, run.stdout.split())
    assert made > 150
    assert after < made / 4, (made, after)
