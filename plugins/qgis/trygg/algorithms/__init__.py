"""Every Trygg algorithm, one per file. The provider lists those whose engine stages exist."""
from .aggregate import AggregateAlgorithm
from .district_maps import DistrictMapsAlgorithm

ALGORITHMS = [
    AggregateAlgorithm,
    DistrictMapsAlgorithm,
]
