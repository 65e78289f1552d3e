# SPDX-License-Identifier: MIT
"""--code script of the desktop smoke test (runs once the QGIS desktop has started, with the
Trygg plugin installed in a fresh profile): opens the Processing toolbox, opens every Trygg
algorithm's dialog in Swedish, switches the Språk/Language setting as the options dialog does,
does it again in English, and loads results (Aggregate and District hotspots on Exempelstad, when
given), recording the Layers panel's names and the styles offered under Layer > Styles. Writes $TRYGG_DESKTOP_OUT/report.json and screenshots of the
toolbox and of one dialog; Python errors are caught by startup.py."""
import json
import os
import traceback

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication

OUT = os.environ['TRYGG_DESKTOP_OUT']


def settle(rounds=20):
    for _ in range(rounds):
        QApplication.processEvents()


def error(text):
    with open(os.path.join(OUT, 'errors.txt'), 'a', encoding='utf-8') as f:
        f.write('[smoke] ' + text.rstrip() + '\n-----\n')


def toolbox_groups(toolbox):
    """{group name: [algorithm names]} of the Trygg provider as the toolbox tree shows them."""
    model = toolbox.algorithmTree.model()
    found = {}

    def walk(parent, path):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            text = model.data(index)
            if model.rowCount(index):
                walk(index, path + [text])
            elif len(path) >= 2 and path[0] == 'Trygg':
                found.setdefault(path[1], []).append(text)
    walk(toolbox.algorithmTree.rootIndex(), [])
    return found


def run():
    from qgis.utils import iface, plugins
    import processing
    from processing.core.ProcessingConfig import ProcessingConfig

    report = {'languages': {}}
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById('trygg')
    report['plugin_loaded'] = 'trygg' in plugins
    if provider is None:
        error('no Processing provider "trygg" after start (plugin not loaded?)')
        return report
    iface.mainWindow().resize(1280, 900)
    toolbox = plugins['processing'].toolbox
    toolbox.show()
    toolbox.raise_()
    toolbox.searchBox.setText('Trygg')
    for index, lang in enumerate(['sv', 'en']):
        # What Settings > Options > Processing does on OK: store the option, refresh providers.
        ProcessingConfig.setSettingValue('TRYGG_LANGUAGE', index)
        for p in registry.providers():
            p.refreshAlgorithms()
        toolbox.searchBox.setText('')
        toolbox.searchBox.setText('Trygg')
        toolbox.algorithmTree.expandAll()
        settle()
        toolbox.grab().save(os.path.join(OUT, 'toolbox_{}.png'.format(lang)))
        seen = {'toolbox': toolbox_groups(toolbox), 'dialogs': {}}
        for alg in provider.algorithms():
            dialog = processing.createAlgorithmDialog(alg.id(), {})
            if dialog is None:
                error('no dialog for {}'.format(alg.id()))
                continue
            dialog.show()
            settle()
            seen['dialogs'][alg.id()] = {'title': dialog.windowTitle(), 'group': alg.group(),
                                         'name': alg.displayName()}
            if alg.id() in ('trygg:districtmaps', 'trygg:aggregate'):   # aggregate: the "auto" fields
                dialog.grab().save(os.path.join(OUT, 'dialog_{}_{}.png'.format(alg.id()[len('trygg:'):], lang)))
            dialog.close()
            dialog.deleteLater()
            settle()
        report['languages'][lang] = seen
    report['loaded'], report['legend'] = load_a_result(processing)
    return report


def load_a_result(processing):
    """Runs *Aggregate* and *District hotspots* on Exempelstad as the dialog would (results
    loaded into the project, with their post-processors) when $TRYGG_DESKTOP_EXEMPELSTAD is set.
    Returns {layer name: renderer type} and {Layers panel name: {'styles': [Layer > Styles],
    'current': style, 'after_switch': {style: Layers panel name once that style is picked}}}."""
    from qgis.core import QgsProject
    from qgis.utils import iface
    data = os.environ.get('TRYGG_DESKTOP_EXEMPELSTAD')
    if not data:
        return {}, {}
    before = set(QgsProject.instance().mapLayers())
    spine = {
        'INCIDENTS': os.path.join(data, 'incidents.csv'), 'INCIDENTS_CRS': 'EPSG:3006',
        'DISTRICTS': os.path.join(data, 'exempelstad.gpkg') + '|layername=delomraden',
        'DISTRICT_CODE': 'kod', 'DISTRICT_NAME': 'namn', 'POPULATION': os.path.join(data, 'befolkning.csv'),
        'FROM': '2022-01-01', 'TO': '2025-12-31',
        'CATALOGUE': os.path.join(data, '..', 'catalog', 'brottskoder.csv')}
    processing.runAndLoadResults('trygg:aggregate', dict(spine, OUTPUT=os.path.join(OUT, 'exempelstad.gpkg')))
    processing.runAndLoadResults('trygg:districthotspots', dict(spine, GROUP='vald', ANALYSIS_PERIOD='2025H2',
                                                                PERMUTATIONS=99,
                                                                OUTPUT=os.path.join(OUT, 'hotspots.gpkg')))
    settle()
    loaded, legend = {}, {}
    root = QgsProject.instance().layerTreeRoot()
    for layer_id in set(QgsProject.instance().mapLayers()) - before:
        layer = QgsProject.instance().mapLayer(layer_id)
        renderer = layer.renderer() if hasattr(layer, 'renderer') else None
        loaded[layer.name()] = renderer.type() if renderer is not None else None
        node = root.findLayer(layer_id)
        manager = layer.styleManager()
        current = manager.currentStyle()
        entry = {'styles': manager.styles(), 'current': current, 'after_switch': {}}
        for style in manager.styles():   # what Layer > Styles does when one is picked
            manager.setCurrentStyle(style)
            settle(2)
            entry['after_switch'][style] = node.name()
        manager.setCurrentStyle(current)
        legend[node.name() if node is not None else None] = entry
    iface.mapCanvas().zoomToFullExtent()
    iface.mapCanvas().refreshAllLayers()
    iface.mapCanvas().waitWhileRendering()
    settle()
    iface.mainWindow().grab().save(os.path.join(OUT, 'window_with_result.png'))
    return loaded, legend


def main():
    try:
        report = run()
    except Exception:  # noqa: BLE001  (any error fails the test, with its traceback)
        error(traceback.format_exc())
        report = {}
    with open(os.path.join(OUT, 'report.json'), 'w', encoding='utf-8') as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
    settle()
    os._exit(0)   # quit at once: exit-time teardown is not what this test checks


# Let the desktop finish starting (event loop running, plugins initialised) first.
_timer = QTimer()
_timer.setSingleShot(True)
_timer.timeout.connect(main)
_timer.start(1000)
