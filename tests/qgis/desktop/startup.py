# SPDX-License-Identifier: MIT
"""PYQGIS_STARTUP script of the desktop smoke test: runs inside the real QGIS desktop before
any plugin loads, so errors raised while plugins and providers load are caught too.

Every Python error goes to $TRYGG_DESKTOP_OUT/errors.txt: what the message log receives under
the "Python error" tag (or with a traceback), and whatever qgis.utils.showException is given
(the "An error has occurred while executing Python code" dialog). The dialog itself is not
opened, since nobody can close it under Xvfb; the error is recorded instead. A watchdog ends
QGIS if the smoke script never finishes."""
import os
import traceback

import qgis.utils
from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import QTimer

_OUT = os.environ['TRYGG_DESKTOP_OUT']


def _append(name, text):
    with open(os.path.join(_OUT, name), 'a', encoding='utf-8') as f:
        f.write(text.rstrip() + '\n-----\n')


def _on_message(message, tag, level):
    _append('messages.txt', '[{}] {} {}'.format(tag, int(level), message))
    if tag == 'Python error' or (level >= Qgis.Critical and 'Traceback' in message):
        _append('errors.txt', '[{}] {}'.format(tag, message))


QgsApplication.messageLog().messageReceived.connect(_on_message)

_show_exception = qgis.utils.showException


def _record_exception(type, value, tb, msg, messagebar=False, level=Qgis.Warning):  # noqa: A002
    _append('errors.txt', '[showException] {}\n{}'.format(msg, ''.join(traceback.format_exception(type, value, tb))))


qgis.utils.showException = _record_exception


def _watchdog():
    _append('errors.txt', '[watchdog] the smoke script did not finish within {} s'.format(_LIMIT))
    os._exit(3)


_LIMIT = int(os.environ.get('TRYGG_DESKTOP_LIMIT', '100'))
_timer = QTimer()
_timer.setSingleShot(True)
_timer.timeout.connect(_watchdog)
_timer.start(_LIMIT * 1000)
