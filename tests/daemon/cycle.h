#pragma once
// Running one poll cycle in-process, as `provwatch run --once` does, for the
// daemon's integration tests.
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "daemon/poller.h"
#include "storage/store.h"

namespace pw::daemon::testing {

/// One PollAll cycle over `cfg`'s sources into `store`; every outcome is
/// handed to `on_outcome` on the I/O thread.
inline CycleStats RunCycle(const config::Config& cfg, storage::Store& store,
                           std::function<void(const PollOutcome&)> on_outcome) {
  boost::asio::io_context io;
  boost::asio::thread_pool pool(2);
  CycleStats stats;
  bool done = false;
  {
    Poller poller(io, pool, store, std::make_shared<const Settings>(cfg), std::move(on_outcome));
    poller.PollAll([&](const CycleStats& s) {
      stats = s;
      done = true;
      poller.Stop();
    });
    io.run();
    pool.join();
  }
  EXPECT_TRUE(done);
  return stats;
}

/// A read-write store in `dir`; fails the test if it cannot be opened.
inline std::unique_ptr<storage::Store> OpenStore(const std::string& dir) {
  auto store = storage::Store::Open(dir, storage::Store::Mode::kReadWrite);
  EXPECT_TRUE(store.ok()) << store.error().message;
  return store.ok() ? std::move(*store) : nullptr;
}

}  // namespace pw::daemon::testing
