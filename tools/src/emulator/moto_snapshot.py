"""Snapshots of everything moto's server holds, and restores of them into a fresh server.

The emulator flow (tools/src/emulator/checkpoint.ts) saves the AWS side once the stacks that
talk to no cluster have applied, and a later run whose inputs for those stacks are unchanged
restores it instead of applying them again. Two routes, each given a file path as its body,
at the paths the flow passes in the environment (checkpoint.ts, EMULATOR_STATE_ROUTES):

    POST $STRATA_SNAPSHOT_ROUTE    pickle every service's backends into the file
    POST $STRATA_RESTORE_ROUTE     replace every service's backends with the file's

Requests run side by side as before; a snapshot or restore waits for the requests in flight
and holds new ones until it is done, so it never sees a request's half-made change.
"""

import collections
import contextlib
import copyreg
import datetime
import functools
import importlib
import os
import pickle
import sys
import threading
import weakref

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from moto.core.base_backend import BackendDict
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.ssm.models import ParameterDict

# What pickle cannot carry by itself: keys and certificates (Rust objects; carried as PEM),
# locks (made new), weak dictionaries (carried as plain ones) and moto's defaultdicts whose
# factory is a lambda.


def _private_key(pem):
    return serialization.load_pem_private_key(pem, None)


def _reduce_private_key(key):
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return _private_key, (pem,)


def _certificate(pem):
    return x509.load_pem_x509_certificate(pem)


def _reduce_certificate(certificate):
    return _certificate, (certificate.public_bytes(serialization.Encoding.PEM),)


def _nested_dicts():
    return collections.defaultdict(dict)


def _named_factory(factory):
    """A lambda factory's named equal: moto's are `lambda: {}` and `lambda: defaultdict(dict)`."""
    if factory is None or getattr(factory, "__name__", "") != "<lambda>":
        return factory
    made = factory()
    if type(made) is dict and not made:
        return dict
    if isinstance(made, collections.defaultdict) and made.default_factory is dict and not made:
        return _nested_dicts
    raise pickle.PicklingError(
        f"a defaultdict factory {factory.__qualname__} makes {made!r}; "
        "moto_snapshot.py has no named equal"
    )


def _reduce_defaultdict(value):
    factory = _named_factory(value.default_factory)
    return collections.defaultdict, (factory,), None, None, iter(value.items())


def _parameter_dict(account_id, region_name):
    return ParameterDict(account_id, region_name)


def _reduce_parameter_dict(value):
    # SSM's parameter store is a defaultdict whose constructor takes the account and region.
    arguments = (value.account_id, value.region_name)
    return _parameter_dict, arguments, dict(vars(value)), None, iter(value.items())


@functools.cache
def _register_reducers():
    # On the first snapshot, not at start: naming the key classes costs an RSA key generation,
    # and most of moto's runs never save their state.
    for key in _sample_keys():
        copyreg.pickle(type(key), _reduce_private_key)
    copyreg.pickle(type(_sample_certificate()), _reduce_certificate)
    copyreg.pickle(type(threading.RLock()), lambda _lock: (threading.RLock, ()))
    copyreg.pickle(type(threading.Lock()), lambda _lock: (threading.Lock, ()))
    copyreg.pickle(
        weakref.WeakValueDictionary, lambda value: (weakref.WeakValueDictionary, (dict(value),))
    )
    copyreg.pickle(collections.defaultdict, _reduce_defaultdict)
    copyreg.pickle(ParameterDict, _reduce_parameter_dict)


def _sample_keys():
    # The concrete key classes live in cryptography's Rust bindings; one key of each names them.
    return [rsa.generate_private_key(65537, 2048), ec.generate_private_key(ec.SECP256R1())]


def _sample_certificate():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "snapshot")])
    now = datetime.datetime.now(datetime.timezone.utc)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


def _backend_dicts():
    """Every service's backends moto has loaded, by the module attribute that holds them."""
    found = {}
    for module_name, module in list(sys.modules.items()):
        if module is None or not module_name.startswith("moto."):
            continue
        for attribute, value in list(vars(module).items()):
            if isinstance(value, BackendDict) and id(value) not in found:
                found[id(value)] = (f"{module_name}:{attribute}", value)
    return dict(found.values())


class _Gate:
    """Requests pass side by side; `alone()` waits for them to finish and holds new ones."""

    def __init__(self):
        self._condition = threading.Condition()
        self._active = 0
        self._closed = False

    def enter(self):
        with self._condition:
            self._condition.wait_for(lambda: not self._closed)
            self._active += 1

    def leave(self):
        with self._condition:
            self._active -= 1
            self._condition.notify_all()

    @contextlib.contextmanager
    def alone(self):
        with self._condition:
            self._condition.wait_for(lambda: not self._closed)
            self._closed = True
            self._condition.wait_for(lambda: self._active == 0)
        try:
            yield
        finally:
            with self._condition:
                self._closed = False
                self._condition.notify_all()


def install(extra_state):
    """Adds the two routes to moto's server. `extra_state`: further dicts to carry, by name."""
    gate = _Gate()

    def snapshot(path):
        _register_reducers()
        backends = {name: dict(value) for name, value in _backend_dicts().items()}
        extras = {name: dict(value) for name, value in extra_state.items()}
        with open(path, "wb") as out:
            saved = {"backends": backends, "extras": extras}
            pickle.dump(saved, out, protocol=pickle.HIGHEST_PROTOCOL)

    def restore(path):
        with open(path, "rb") as source:
            saved = pickle.load(source)
        for name, contents in saved["backends"].items():
            module_name, attribute = name.split(":")
            live = getattr(importlib.import_module(module_name), attribute)
            live.clear()
            live.update(contents)
        for name, contents in saved["extras"].items():
            extra_state[name].clear()
            extra_state[name].update(contents)

    routes = {
        route: handler
        for route, handler in (
            (os.environ.get("STRATA_SNAPSHOT_ROUTE"), snapshot),
            (os.environ.get("STRATA_RESTORE_ROUTE"), restore),
        )
        if route
    }
    dispatch = DomainDispatcherApplication.__call__

    def gated(self, environ, start_response):
        route = routes.get(environ.get("PATH_INFO", ""))
        if route is not None and environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            path = environ["wsgi.input"].read(length).decode()
            with gate.alone():
                try:
                    route(path)
                    status, body = "200 OK", b""
                except Exception as error:  # the flow reports it; the server keeps serving
                    status, body = "500 Internal Server Error", repr(error).encode()
            start_response(status, [("Content-Type", "text/plain")])
            return [body]
        gate.enter()
        try:
            # moto builds each response whole, so the request is done when this returns.
            return list(dispatch(self, environ, start_response))
        finally:
            gate.leave()

    DomainDispatcherApplication.__call__ = gated
