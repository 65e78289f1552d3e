"""Every Trygg algorithm, one per file. The provider lists those whose engine stages exist
(`trygg stages --json`); without an engine only the ones marked shipped are listed."""
from .aggregate import AggregateAlgorithm
from .district_hotspots import DistrictHotspotsAlgorithm
from .district_maps import DistrictMapsAlgorithm
from .geocode import GeocodeAlgorithm
from .grid_hotspots import GridHotspotsAlgorithm
from .trygghetsanalys import TrygghetsanalysAlgorithm

ALGORITHMS = [
    AggregateAlgorithm,
    GeocodeAlgorithm,
    DistrictHotspotsAlgorithm,
    GridHotspotsAlgorithm,
    DistrictMapsAlgorithm,
    TrygghetsanalysAlgorithm,
]
# Listed even when no engine is found (they then say what is missing when run): the ones whose
# stages are on main. The others appear once the installed engine has their stages.
SHIPPED = {'aggregate', 'gridhotspots', 'districtmaps', 'trygghetsanalys'}
