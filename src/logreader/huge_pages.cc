#include "logreader/huge_pages.h"

#include <sys/mman.h>

#include <new>

namespace tracker::huge_pages {

uint8_t* Map(size_t bytes) {
  const size_t size = Rounded(bytes);
  // Over-map by one huge page and trim, since mmap only promises 4 KiB alignment.
  const size_t span = size + kBytes;
  void* mapped = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(mapped);
  const uintptr_t aligned = (start + kBytes - 1) & ~(kBytes - 1);
  if (aligned > start) ::munmap(mapped, aligned - start);
  const uintptr_t end = start + span;
  if (end > aligned + size) ::munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);
  auto* mapping = reinterpret_cast<uint8_t*>(aligned);
  ::madvise(mapping, size, MADV_HUGEPAGE);
  return mapping;
}

void Unmap(uint8_t* mapping, size_t bytes) {
  if (mapping != nullptr) ::munmap(mapping, Rounded(bytes));
}

}  // namespace tracker::huge_pages
