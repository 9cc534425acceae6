//! A small allocator for both wasm files (the calculator's and the importer's): power-of-two
//! size classes with free lists, over pages from `memory.grow`. The default (dlmalloc) costs
//! about 9 KB of each 30 KB gzip budget; this one costs a few hundred bytes. Its trade: a block
//! keeps its class for ever (memory is reused within a class, never returned), which suits a
//! page that renders the same sizes repeatedly, and an importer whose worker ends with its log.
//!
//! The importer also uses it as an arena: one log's allocations are never freed one by one
//! (that drop code cost 700 bytes of its budget); [`reset`] hands the whole region back before
//! the next log.
//!
//! The bookkeeping ([`Heap`]) is plain code tested natively against an arena; only the global
//! allocator wrapper is wasm-only, and every wasm crate linking this one gets it.

// Natively (`cargo test`, the workspace's clippy) only the tests use the bookkeeping.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

/// Smallest block: 16 bytes (class 0); class `c` holds blocks of `16 << c` bytes.
const MIN_SHIFT: u32 = 4;
/// Classes up to 1 GiB (the importer's list of a large log's requests is one block); a larger
/// request fails (and the wasm aborts).
pub const CLASSES: usize = 27;
pub const PAGE: usize = 65_536;

/// Size classes, free lists and the bump region `start..end` (handed out up to `bump`).
pub struct Heap {
    free: [usize; CLASSES],
    start: usize,
    bump: usize,
    end: usize,
}

/// The class holding `size` bytes at `align`, or `None` when too large.
pub fn class(size: usize, align: usize) -> Option<usize> {
    let need = size.max(align).max(1 << MIN_SHIFT);
    let c = (usize::BITS - (need - 1).leading_zeros()).saturating_sub(MIN_SHIFT) as usize;
    (c < CLASSES).then_some(c)
}

impl Heap {
    pub const fn new() -> Heap {
        Heap {
            free: [0; CLASSES],
            start: 0,
            bump: 0,
            end: 0,
        }
    }

    /// A block for class `c`: from its free list, else from the bump region, growing it with
    /// `grow(pages) -> Some(base address of the new pages)`. Returns 0 when out of memory.
    ///
    /// # Safety
    /// Addresses on the free lists must be blocks this heap handed out (the list's link lives
    /// in the block's first word).
    pub unsafe fn alloc(
        &mut self,
        c: usize,
        grow: &mut dyn FnMut(usize) -> Option<usize>,
    ) -> usize {
        let head = self.free[c];
        if head != 0 {
            self.free[c] = unsafe { *(head as *const usize) };
            return head;
        }
        let size = 16usize << c;
        // Blocks are aligned to their size (up to a page), which covers every Layout's align.
        let align = size.min(PAGE);
        loop {
            let start = (self.bump + align - 1) & !(align - 1);
            if self.end != 0 && start + size <= self.end {
                self.bump = start + size;
                return start;
            }
            let pages = (size + align).div_ceil(PAGE);
            let Some(base) = grow(pages) else { return 0 };
            if base != self.end {
                // Not contiguous with our region (the first grow): start over at the new pages.
                self.start = base;
                self.bump = base;
            }
            self.end = base + pages * PAGE;
        }
    }

    /// Returns a block of class `c` to its free list.
    ///
    /// # Safety
    /// `addr` must be a live block of class `c` from this heap.
    pub unsafe fn free(&mut self, addr: usize, c: usize) {
        unsafe { *(addr as *mut usize) = self.free[c] };
        self.free[c] = addr;
    }

    /// Takes back every block at once: the region is handed out again from its start.
    ///
    /// # Safety
    /// No block this heap handed out may be used, or freed, afterwards.
    pub unsafe fn reset(&mut self) {
        self.free = [0; CLASSES];
        self.bump = self.start;
    }
}

impl Default for Heap {
    fn default() -> Heap {
        Heap::new()
    }
}

/// Takes back every block the wasm's allocator has handed out (see [`Heap::reset`]).
///
/// # Safety
/// Nothing allocated before the call may be used or dropped after it: no `String`, `Vec` or
/// `Box` of any kind, the caller's or wasm-bindgen's, is alive.
#[cfg(target_arch = "wasm32")]
pub unsafe fn reset() {
    unsafe { global::reset() }
}

#[cfg(target_arch = "wasm32")]
mod global {
    use super::{class, Heap, PAGE};
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    struct Global(UnsafeCell<Heap>);

    // wasm32-unknown-unknown runs one thread: no two calls overlap.
    unsafe impl Sync for Global {}

    #[global_allocator]
    static ALLOC: Global = Global(UnsafeCell::new(Heap::new()));

    pub(super) unsafe fn reset() {
        unsafe { (*ALLOC.0.get()).reset() }
    }

    fn grow(pages: usize) -> Option<usize> {
        let prev = core::arch::wasm32::memory_grow(0, pages);
        (prev != usize::MAX).then(|| prev * PAGE)
    }

    unsafe impl GlobalAlloc for Global {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            match class(l.size(), l.align()) {
                Some(c) => unsafe { (*self.0.get()).alloc(c, &mut grow) as *mut u8 },
                None => core::ptr::null_mut(),
            }
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            if let Some(c) = class(l.size(), l.align()) {
                unsafe { (*self.0.get()).free(p as usize, c) }
            }
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
            let (old, new) = (class(l.size(), l.align()), class(new_size, l.align()));
            if old.is_some() && old == new {
                return p; // the block already has room
            }
            let Ok(nl) = Layout::from_size_align(new_size, l.align()) else {
                return core::ptr::null_mut();
            };
            let q = unsafe { self.alloc(nl) };
            if !q.is_null() {
                unsafe {
                    core::ptr::copy_nonoverlapping(p, q, l.size().min(new_size));
                    self.dealloc(p, l);
                }
            }
            q
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_powers_of_two_from_sixteen() {
        assert_eq!(class(1, 1), Some(0));
        assert_eq!(class(16, 8), Some(0));
        assert_eq!(class(17, 1), Some(1));
        assert_eq!(class(40_000, 1), Some(12)); // 64 KiB
        assert_eq!(class(3, 64), Some(2)); // alignment counts as size
        assert_eq!(class(16 << 20, 1), Some(20));
        assert_eq!(class(1 << 30, 1), Some(26));
        assert_eq!(class((1 << 30) + 1, 1), None);
    }

    #[test]
    fn blocks_never_overlap_and_are_reused() {
        // An arena standing in for wasm memory: page-aligned, grown on demand.
        let mut arena = vec![0u8; 256 * PAGE + PAGE];
        let base = (arena.as_mut_ptr() as usize).next_multiple_of(PAGE);
        let mut used = 0usize;
        let mut grow = |pages: usize| {
            if used + pages > 256 {
                return None;
            }
            let at = base + used * PAGE;
            used += pages;
            Some(at)
        };
        let mut heap = Heap::new();
        let mut live: Vec<(usize, usize, u8)> = Vec::new();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let (mut live_bytes, mut peak_bytes) = (0usize, 0usize);
        for step in 0..20_000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            if live.len() > 50 || (seed.is_multiple_of(3) && !live.is_empty()) {
                let (addr, c, tag) = live.swap_remove((seed as usize / 3) % live.len());
                let bytes = unsafe { std::slice::from_raw_parts(addr as *const u8, 16 << c) };
                assert!(
                    bytes[8..].iter().all(|b| *b == tag),
                    "block corrupted at step {step}"
                );
                unsafe { heap.free(addr, c) };
                live_bytes -= 16 << c;
            } else {
                let c = (seed >> 20) as usize % 13;
                let addr = unsafe { heap.alloc(c, &mut grow) };
                assert_ne!(addr, 0, "out of arena at step {step}");
                assert_eq!(addr % (16usize << c).min(PAGE), 0, "aligned to its size");
                for &(a, ac, _) in &live {
                    assert!(addr + (16 << c) <= a || a + (16 << ac) <= addr, "overlap");
                }
                let tag = step as u8;
                unsafe { std::ptr::write_bytes(addr as *mut u8, tag, 16 << c) };
                live.push((addr, c, tag));
                live_bytes += 16 << c;
                peak_bytes = peak_bytes.max(live_bytes);
            }
        }
        // Freed blocks are reused: the memory taken stays within a small multiple of the most
        // that was ever live at once (power-of-two classes waste at most half of each page).
        assert!(
            used * PAGE <= 3 * peak_bytes + PAGE,
            "{used} pages for a peak of {peak_bytes} live bytes"
        );
        drop(arena);
    }

    #[test]
    fn a_reset_hands_the_same_region_out_again() {
        let mut arena = vec![0u8; 9 * PAGE];
        let base = (arena.as_mut_ptr() as usize).next_multiple_of(PAGE);
        let used = std::cell::Cell::new(0usize);
        let mut grow = |pages: usize| {
            if used.get() + pages > 8 {
                return None;
            }
            let at = base + used.get() * PAGE;
            used.set(used.get() + pages);
            Some(at)
        };
        let mut heap = Heap::new();
        let first: Vec<usize> = (0..100)
            .map(|i| unsafe { heap.alloc(i % 9, &mut grow) })
            .collect();
        assert!(first.iter().all(|a| *a != 0));
        let freed = first[0];
        unsafe { heap.free(freed, 0) };
        let pages = used.get();
        unsafe { heap.reset() };
        // The same requests get the same blocks, from the start: no page is taken, and the
        // free list from before the reset is gone (it would hand `freed` out twice).
        let again: Vec<usize> = (0..100)
            .map(|i| unsafe { heap.alloc(i % 9, &mut grow) })
            .collect();
        assert_eq!(again, first);
        assert_eq!(used.get(), pages, "a reset log takes no new memory");
        drop(arena);
    }
}
