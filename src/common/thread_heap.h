// The heap of a worker thread (glibc): on huge pages, as the main thread's is (cli
// tune_memory), so that its first touches fault in 2 MiB at a time, not 4 KiB.
#pragma once

namespace huizong {

// Call first thing on a thread that allocates much (a parse worker, a document's .docx, the
// workbook). glibc gives such a thread an arena of its own, a 64 MiB reservation it faults
// in page by page: ~3,600 faults of a cold build of the samples (each tens of
// microseconds on a VM), a fifth of its CPU time. This marks the reservation for
// transparent huge pages (what GLIBC_TUNABLES=glibc.malloc.hugetlb=1 does, without the
// environment). Nothing on the main arena, whose heap tune_memory has prepared, nor where
// the system has no transparent huge pages; cheap to call again on a reused arena.
void use_huge_pages_for_thread_heap();

}  // namespace huizong
