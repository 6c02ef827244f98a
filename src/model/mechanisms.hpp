#pragma once
// One function per mechanism of docs/model.md §5, called in that order by the step loop
// (engine/replication.cpp). Each reads the state the previous ones left.

#include <span>

#include "model/replication_state.hpp"

namespace smesim::detail {

/// Step 0: this month's Purpose::firm_month block of every firm (one Philox call per firm).
void draw_month(ReplicationState& s, int t);
/// Step 1 (t < P): active firms drop with hazard base (1 - protection T_c), T_c at the start
/// of the month. Also refreshes the active count per cluster.
void apply_dropout(ReplicationState& s, int t);
/// Step 2 (t < P): slots bought per agency, split over its clusters by active members
/// (largest remainder), given by targeting; only served firms are paid for.
void apply_mentoring(ReplicationState& s, int t, MonthRecord& record, std::span<TrackSpend> agency_spend);
/// Step 3 (t < P): technology projects, split by active non-adopters; each is paid for and
/// succeeds with probability pi alpha.
void apply_technology_projects(ReplicationState& s, int t, MonthRecord& record,
                               std::span<TrackSpend> agency_spend);
/// Step 4 (every month): trust grows with network spend up to the reference, decays always.
void update_trust(ReplicationState& s, int t, MonthRecord& record, std::span<TrackSpend> agency_spend);
/// Step 5 (every month): synchronous knowledge spillover among non-dropped firms.
void apply_spillover(ReplicationState& s);
/// Steps 6 and 7 (every month), cluster by cluster: technology imitation, then market
/// expansion, each against neighbour shares at the start of its step.
void apply_diffusion(ReplicationState& s, int t);
/// Steps 8–10 (every month): joint purchasing, process savings, development and the
/// programme's credit; fills the month's counts.
void account_month(ReplicationState& s, int t, MonthRecord& record);

}  // namespace smesim::detail
