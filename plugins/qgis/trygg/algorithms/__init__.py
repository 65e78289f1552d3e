# SPDX-License-Identifier: GPL-2.0-or-later
"""Every Trygg algorithm, one per file. The provider lists all of them; one whose engine
stages are missing (`trygg stages --json`) or that finds no engine says so (canExecute)."""
from .aggregate import AggregateAlgorithm
from .district_hotspots import DistrictHotspotsAlgorithm
from .district_maps import DistrictMapsAlgorithm
from .evaluate_measure import EvaluateMeasureAlgorithm  # issue 19: Utvärdera åtgärd
from .geocode import GeocodeAlgorithm
from .grid_hotspots import GridHotspotsAlgorithm
from .report import ReportAlgorithm
from .trygghetsanalys import TrygghetsanalysAlgorithm

ALGORITHMS = [
    AggregateAlgorithm,
    GeocodeAlgorithm,
    DistrictHotspotsAlgorithm,
    GridHotspotsAlgorithm,
    DistrictMapsAlgorithm,
    TrygghetsanalysAlgorithm,
    ReportAlgorithm,
    EvaluateMeasureAlgorithm,  # issue 19: Utvärdera åtgärd
]
