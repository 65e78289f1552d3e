// SPDX-License-Identifier: MIT
#pragma once
// Disclosure across the space-time tables of one publication: a knox row's close-in-both count
// equals the sum of a same-group near-repeat table's cells inside its reach when the reach
// lies on band edges; a withheld cell inside would be that count minus the published others.
// Such a knox row then withholds its count-derived figures too. Called by both artifacts after
// they publish (either may come first among a writer's inputs); idempotent.
namespace trygg::pipeline {

class Publication;

void withhold_knox_against_near_repeat(Publication& publication);

}  // namespace trygg::pipeline
