# SPDX-License-Identifier: MIT
"""Embedding a QML style in a GeoPackage exactly as STYLES.md specifies (the engine's job),
done here with sqlite3 so the spec itself is tested independently of the engine."""
import os
import sqlite3

STYLES_DIR = os.path.join(os.path.dirname(__file__), '..', '..', 'plugins', 'qgis', 'trygg', 'styles')

CREATE = """CREATE TABLE IF NOT EXISTS layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256),
  f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
  useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"""


def qml(name):
    with open(os.path.join(STYLES_DIR, name), encoding='utf-8') as f:
        return f.read()


def embed_style(gpkg, table, qml_name, default=True, geometry_column='geom', style_name=None):
    con = sqlite3.connect(gpkg)
    try:
        con.execute(CREATE)
        if not con.execute("SELECT 1 FROM gpkg_contents WHERE table_name='layer_styles'").fetchone():
            con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                        "VALUES ('layer_styles', 'attributes', 'layer_styles')")
        con.execute("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                    "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) "
                    "VALUES ('', '', ?, ?, ?, ?, '', ?, 'Trygg', '', NULL)",
                    (table, geometry_column, style_name or qml_name[:-4], qml(qml_name), 1 if default else 0))
        con.commit()
    finally:
        con.close()
