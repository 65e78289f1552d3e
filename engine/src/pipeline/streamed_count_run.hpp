// SPDX-License-Identifier: MIT
#pragma once
// Runs a streamed count (streamed_count.hpp): read.incidents, assign and aggregate as one pass
// over the register, a chunk at a time; each stage says, records and publishes what it would
// have on the whole table.
#include <trygg/pipeline/stage.hpp>
#include <trygg/pipeline/streamed_count.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>

namespace trygg::pipeline {

// The chunk size of a streamed count, and whether a register of `bytes` is read in chunks:
// by default chunks of 256 MiB, for a register above 1 GiB (the whole-table path is faster
// and holds ~85 bytes an incident); TRYGG_STREAM_CHUNK_BYTES sets the chunk size and streams
// any register larger than one chunk (tests).
std::size_t streamed_chunk_bytes();
bool worth_streaming(std::uintmax_t bytes);

struct StreamedStage {
    std::shared_ptr<const Artifact> artifact;
    double start_s = 0, wall_s = 0, cpu_s = 0;  // since the run's start; summed over the chunks
};
struct StreamedCount {
    StreamedStage read, assign, aggregate;
    std::size_t chunks = 0;
};

// The three stages' contexts: `assign`'s input 0 and `aggregate`'s are not made yet (null).
// `run_start_s`: seconds from the run's start to now.
StreamedCount run_streamed_count(StageContext& read, StageContext& assign, StageContext& aggregate,
                                 std::size_t chunk_bytes, double run_start_s);

}  // namespace trygg::pipeline
