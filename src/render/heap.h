// How a render uses the heap (glibc): memory given back between a large run's phases, and
// large buffers mapped apart from the heap for a large document.
#pragma once

namespace huizong {

// Gives memory freed by the caller back (glibc keeps freed memory of the parse's worker
// threads in their arenas otherwise, where the render cannot reuse it), when there is much
// of it: a small run keeps its heap, whose huge pages (cli tune_memory) a trim would unmap
// (a re-render of the samples' compendium took twice as long, refaulting 4 KiB pages).
void give_back_freed_memory();

// From now on, buffers of megabytes are mapped apart from the heap (the CLI keeps them in
// it for a small render's speed): a large document's strings grow by doubling, and each
// block they leave behind would stay in the heap, touched, until the end of the document
// (360 MB of resident memory for the 24 MB compendium of 100 MB of reports, its live data
// under 100 MB). A mapped block grows in place (mremap) and is returned when freed.
void map_large_buffers();

}  // namespace huizong
