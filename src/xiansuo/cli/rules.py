"""``xiansuo rules``: list, show, create, check and test rule files."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.syntax import Syntax

from xiansuo.cli.common import Ui, command
from xiansuo.model.files import atomic_write
from xiansuo.model.severity import severity_name
from xiansuo.pipeline.project import Project
from xiansuo.queries.rule import TEST_SUFFIX, Rule, RuleError, load_rule, rule_files

__all__ = ["TEMPLATE", "rules_app"]

TEMPLATE = Path(__file__).parents[1] / "queries" / "template" / "new_rule.yaml"
rules_app = typer.Typer(help="Author and check supervision rules.", no_args_is_help=True)
Paths = Annotated[
    list[Path] | None,
    typer.Argument(metavar="PATH", help="Rule files or folders.", show_default="all rules"),
]


@rules_app.command("list")
@command(out=None, rules=True)
def list_rules(ui: Ui, project: Project) -> None:
    """List the rules: id, status, severity and title."""
    found = project.rules
    table = ui.table()
    # Ids are what users type next: never truncated.
    table.add_column("id", no_wrap=True, min_width=max(len(r.id) for r in found))
    for column in ("status", "severity", "title"):
        table.add_column(column)
    for rule in found:
        table.add_row(rule.id, rule.status, severity_name(rule.severity, ui.lang),
                      rule.title.get(ui.lang))  # fmt: skip
    ui.console.print(table)


@rules_app.command()
@command(out=None, rules=True)
def show(
    ui: Ui,
    project: Project,
    rule_id: Annotated[str, typer.Argument(metavar="RULE_ID", help="The rule's id.")],
) -> None:
    """Show one rule's metadata, parameters and Cypher."""
    found = {r.id: r for r in project.rules}
    if rule_id not in found:
        raise ui.fail(ui.t("cli.no_rule", rule=rule_id))
    rule = found[rule_id]
    ui.print(f"{rule.title.zh} / {rule.title.en}")
    ui.print(f"status {rule.status}, severity {rule.severity}, tags {', '.join(rule.tags)}")
    ui.print(f"{rule.description.zh}\n{rule.description.en}")
    ui.print(f"file: {rule.path}")
    for name, param in rule.parameters.items():
        ui.print(f"param ${name}: {param.type} — {param.description.get(ui.lang)}")
    lead = rule.lead
    ui.print(f"lead: persons {list(lead.persons)}, cases {list(lead.cases)}, "
             f"names {list(lead.names)}")  # fmt: skip
    ui.console.print(Syntax(rule.query, "cypher", word_wrap=True))


@rules_app.command()
@command(project=False)
def new(
    ui: Ui,
    rule_id: Annotated[
        str, typer.Argument(metavar="RULE_ID", help="The new rule's id, lower_snake_case.")
    ],
    folder: Annotated[Path, typer.Option("--dir", help="Where to create it.")] = Path("rules"),
) -> None:
    """Create RULE_ID.yaml and RULE_ID.test.yaml from the checked template."""
    if not rule_id.isidentifier() or rule_id != rule_id.lower():
        raise ui.fail(ui.t("cli.rule_id_form"))
    folder.mkdir(parents=True, exist_ok=True)
    targets = [folder / f"{rule_id}.yaml", folder / f"{rule_id}{TEST_SUFFIX}"]
    existing = [str(t) for t in targets if t.exists()]
    if existing:
        raise ui.fail(ui.t("cli.rule_exists", files=", ".join(existing)))
    sources = [TEMPLATE, TEMPLATE.with_name(f"new_rule{TEST_SUFFIX}")]
    for source, target in zip(sources, targets, strict=True):
        text = source.read_text(encoding="utf-8").replace("new_rule", rule_id)
        text = text.replace("00000000-0000-4000-8000-000000000000", str(uuid.uuid4()))
        atomic_write(target, text)
        ui.say("cli.created", path=target)
    ui.say("cli.rule_next", folder=folder)


@rules_app.command()
@command(out=None, rules=True, mappings=True)
def template(
    ui: Ui,
    project: Project,
    rule_id: Annotated[str, typer.Argument(metavar="RULE_ID", help="The rule's id.")],
    folder: Annotated[Path, typer.Option("--out", "-o", help="Where to write the templates.")],
    fmt: Annotated[
        Literal["xlsx", "csv"], typer.Option("--format", help="Workbook or CSV (UTF-8).")
    ] = "xlsx",
) -> None:
    """Write empty tables that RULE_ID needs, with Chinese headers (数据要素模版)."""
    # One file per table, loadable once filled in; an existing file is never replaced.
    from xiansuo.outputs.templates import existing, write_template
    from xiansuo.queries.lint import read_queries
    from xiansuo.queries.tables import rule_needs, table_text, template_tables

    found = {r.id: r for r in project.rules}
    if rule_id not in found:
        raise ui.fail(ui.t("cli.no_rule", rule=rule_id))
    rule = found[rule_id]
    readings = read_queries([rule.query])
    needs = rule_needs(rule, project.vocabulary, readings.facts(rule.query))
    if needs is None:
        raise ui.fail(ui.t("cli.template_unknown", rule=rule_id, reason=readings.unavailable))
    tables = template_tables(needs)
    taken = existing(folder / f"{table}.{fmt}" for table in tables)
    if taken:
        raise ui.fail(ui.t("cli.template_exists", files=", ".join(map(str, taken))))
    for table in tables:
        path = write_template(project.vocabulary.mappings[table], folder, fmt)
        ui.say("cli.template_written", table=table_text(table, project.vocabulary, ui.lang),
               path=path)  # fmt: skip


@rules_app.command()
@command(out=None, rules=True, mappings=True)
def check(
    ui: Ui,
    project: Project,
    paths: Paths = None,
    fail_on_issues: Annotated[bool, typer.Option(help="Exit 1 when any issue is found.")] = False,
    no_lint: Annotated[
        bool, typer.Option("--no-lint", help="Skip Neo4j's linter; the other checks still run.")
    ] = False,
) -> None:
    """Check rule files: schema, ids, parameters, read-only, portability, Neo4j's linter."""
    from xiansuo.queries.checks import check_rules, format_issues
    from xiansuo.queries.lint import CypherLintError, LinterUnavailable

    lint_error = None
    try:
        issues = check_rules(project.vocabulary, paths or None, project.rule_dirs, lint=not no_lint)
    except (LinterUnavailable, CypherLintError) as exc:
        lint_error = exc
        issues = check_rules(project.vocabulary, paths or None, project.rule_dirs, lint=False)
    if issues:
        ui.print(format_issues(issues, ui.lang))
    ui.say("cli.issues_not_linted" if no_lint else "cli.issues", count=len(issues))
    if lint_error is not None:
        ui.say("cli.linter_unavailable")
        ui.print(str(lint_error))
        ui.say("cli.linter_fix")
        raise typer.Exit(2)
    if issues and fail_on_issues:
        raise typer.Exit(1)


@rules_app.command()
@command(out=None, rules=True, mappings=True, neo4j=True)
def test(ui: Ui, project: Project, paths: Paths = None) -> None:
    """Run the tests beside each rule on a scratch graph (embedded, or --neo4j: emptied!)."""
    # Every rule is tested; a rule or test file that does not load fails that rule alone.
    from xiansuo.pipeline.rule_tests import CaseResult, run_rule_tests
    from xiansuo.queries.lint import read_queries

    selected, broken = _loadable(project, paths)
    readings = read_queries(rule.query for rule in selected)
    passed = failed = 0

    def report(result: CaseResult) -> None:
        nonlocal passed, failed
        gap = " " + ui.t("cli.known_gap") if result.known_gap else ""
        mark, style = ("ok", "green") if result.passed else ("FAIL", "red")
        ui.console.print(f"[{style}]{mark}[/{style}] ", end="")
        ui.print(f"{result.rule}: {result.case}{gap}")
        if result.message and not result.passed:
            ui.print(f"    {result.text(ui.lang)}")
        passed, failed = passed + result.passed, failed + (not result.passed)

    for result in broken:
        report(result)
    with tempfile.TemporaryDirectory(prefix="xiansuo-rules-") as work, \
            project.engine(Path(work) / "scratch.db") as engine:  # fmt: skip
        for rule in selected:
            facts = readings.facts(rule.query)
            for result in run_rule_tests(engine, project.vocabulary, rule, facts=facts):
                report(result)
    ui.say("cli.tests_done", passed=passed, failed=failed)
    if failed:
        raise typer.Exit(1)


def _loadable(project: Project, paths: list[Path] | None) -> tuple[list[Rule], list]:
    """The rules to test, and a failed result for each rule file that does not load."""
    from xiansuo.model.texts import both
    from xiansuo.pipeline.rule_tests import CaseResult

    if not paths:
        files = rule_files(project.rule_dirs)
    else:
        folders = tuple(p for p in paths if p.is_dir())
        files = rule_files(folders, builtin=False) + [p for p in paths if not p.is_dir()]
    rules, broken = [], []
    for path in files:
        try:
            rules.append(load_rule(path))
        except RuleError as exc:
            name = path.name.removesuffix(".yaml")
            broken.append(CaseResult(name, "(rule)", False, False,
                                     both("test.rule_broken", detail=str(exc))))  # fmt: skip
    return rules, broken
