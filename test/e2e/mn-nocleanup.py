#!/usr/bin/python3
"""
Runs Debian's /usr/bin/mn with Mininet's machine-wide cleanup disabled.

On any error (and with `mn -c`) Mininet's cleanup kills every controller,
ping and Mininet process on the machine and deletes every OVS bridge and
every `*-ethN` link. On a shared machine that destroys other people's work,
so this wrapper replaces it with a message and refuses `-c`/`--clean`.
Mininet's normal shutdown of its own network (`net.stop()`) still runs.

Meant to run as the nodeflow e2e harness runs it: inside a private network
namespace, a private PID namespace and with OVS_RUNDIR pointing at a private
Open vSwitch, always under `timeout`.
"""
import runpy
import sys

import mininet.clean


def _refuse(*_args, **_kwargs):
    sys.stderr.write('mn-nocleanup: Mininet global cleanup suppressed\n')


if '-c' in sys.argv[1:] or '--clean' in sys.argv[1:]:
    _refuse()
    sys.exit(2)

mininet.clean.cleanup = _refuse
mininet.clean.Cleanup.cleanup = classmethod(lambda cls: _refuse())
sys.argv = ['mn'] + sys.argv[1:]
runpy.run_path('/usr/bin/mn', run_name='__main__')
