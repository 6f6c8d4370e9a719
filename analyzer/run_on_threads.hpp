#pragma once
// One way to spread independent pieces of work over the cores: reading a history's folders, parsing its files,
// parsing the chunks of one large file.
#include <cstddef>
#include <functional>

namespace sg {

// Runs `work(i)` for every i below `count` on up to `threads` threads (this one among them), each taking the
// next index. A thread that cannot be had leaves its share to the others. The first exception `work` throws
// (on any thread) is rethrown here once every thread has stopped; the indexes not yet taken are then skipped.
void run_on_threads(size_t count, unsigned threads, const std::function<void(size_t)>& work);

}  // namespace sg
