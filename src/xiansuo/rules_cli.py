"""``xiansuo rules``: list, show, create, check and test rule files."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.syntax import Syntax
from rich.table import Table

from xiansuo.cli_options import RulesOpt
from xiansuo.queries.rule import TEST_SUFFIX, Rule, RuleError, load_rule, load_rules, rule_files

__all__ = ["TEMPLATE", "rules_app"]

TEMPLATE = Path(__file__).parent / "queries" / "template" / "new_rule.yaml"
rules_app = typer.Typer(help="Author and check supervision rules.", no_args_is_help=True)
console = Console()
Paths = Annotated[
    list[Path] | None, typer.Argument(help="Rule files or folders [default: all rules].")
]


def _selected(paths: list[Path] | None, folders: list[Path] | None) -> list[Rule]:
    if not paths:
        return load_rules(tuple(folders or ()))
    folders_given = tuple(p for p in paths if p.is_dir())
    files = rule_files(folders_given, builtin=False) + [p for p in paths if not p.is_dir()]
    return [load_rule(path) for path in files]


@rules_app.command("list")
def list_rules(rules: RulesOpt = None) -> None:
    """List the rules: id, status, severity and title."""
    found = load_rules(tuple(rules or ()))
    table = Table()
    # Ids are what users type next: never truncated.
    table.add_column("id", no_wrap=True, min_width=max(len(r.id) for r in found))
    for column in ("status", "severity", "title"):
        table.add_column(column)
    for rule in found:
        table.add_row(rule.id, rule.status, rule.severity, rule.title.zh)
    console.print(table)


@rules_app.command()
def show(rule_id: str, rules: RulesOpt = None) -> None:
    """Show one rule's metadata, parameters and Cypher."""
    found = {r.id: r for r in load_rules(tuple(rules or ()))}
    if rule_id not in found:
        console.print(f"[red]no rule {rule_id!r}[/red]; see `xiansuo rules list`")
        raise typer.Exit(2)
    rule = found[rule_id]
    console.print(f"[bold]{rule.title.zh}[/bold] / {rule.title.en}")
    console.print(f"status {rule.status}, severity {rule.severity}, tags {', '.join(rule.tags)}")
    console.print(f"{rule.description.zh}\n{rule.description.en}", soft_wrap=True)
    console.print(f"file: {rule.path}", soft_wrap=True)
    for name, param in rule.parameters.items():
        console.print(f"param ${name}: {param.type} — {param.description.zh}")
    console.print(f"lead: persons {list(rule.lead.persons)}, cases {list(rule.lead.cases)}")
    console.print(Syntax(rule.query, "cypher", word_wrap=True))


@rules_app.command()
def new(
    rule_id: str,
    folder: Annotated[Path, typer.Option("--dir", help="Where to create it.")] = Path("rules"),
) -> None:
    """Create RULE_ID.yaml and RULE_ID.test.yaml from the checked template."""
    if not rule_id.isidentifier() or rule_id != rule_id.lower():
        console.print("[red]a rule id is lower_snake_case, e.g. dishonest_on_low_income[/red]")
        raise typer.Exit(2)
    folder.mkdir(parents=True, exist_ok=True)
    targets = [folder / f"{rule_id}.yaml", folder / f"{rule_id}{TEST_SUFFIX}"]
    existing = [str(t) for t in targets if t.exists()]
    if existing:
        console.print(f"[red]already exists: {', '.join(existing)}[/red]")
        raise typer.Exit(2)
    sources = [TEMPLATE, TEMPLATE.with_name(f"new_rule{TEST_SUFFIX}")]
    for source, target in zip(sources, targets, strict=True):
        text = source.read_text(encoding="utf-8").replace("new_rule", rule_id)
        text = text.replace("00000000-0000-4000-8000-000000000000", str(uuid.uuid4()))
        target.write_text(text, encoding="utf-8")
        console.print(f"created {target}", soft_wrap=True)
    console.print(
        f"next: edit them, then `xiansuo rules check {folder}` and `xiansuo rules test {folder}`",
        soft_wrap=True,
    )


@rules_app.command()
def check(
    paths: Paths = None,
    rules: RulesOpt = None,
    fail_on_issues: Annotated[bool, typer.Option(help="Exit 1 when any issue is found.")] = False,
    no_lint: Annotated[
        bool, typer.Option("--no-lint", help="Skip Neo4j's linter; the other checks still run.")
    ] = False,
) -> None:
    """Check rule files: schema, ids, parameters, read-only, portability, Neo4j's linter."""
    from xiansuo.queries.check import check_rules, format_issues
    from xiansuo.queries.lint import CypherLintError, LinterUnavailable

    lint_error = None
    try:
        issues = check_rules(paths or None, tuple(rules or ()), lint=not no_lint)
    except (LinterUnavailable, CypherLintError) as exc:
        lint_error = exc
        issues = check_rules(paths or None, tuple(rules or ()), lint=False)
    if issues:
        console.print(format_issues(issues), soft_wrap=True, markup=False)
    console.print(f"{len(issues)} issue(s)" + (", not linted (--no-lint)" if no_lint else ""))
    if lint_error is not None:
        console.print("[red]Neo4j's linter could not run, so the rules were not linted:[/red]")
        console.print(str(lint_error), soft_wrap=True, markup=False)
        console.print("Fix that, or pass --no-lint to check without the linter.")
        raise typer.Exit(2)
    if issues and fail_on_issues:
        raise typer.Exit(1)


@rules_app.command()
def test(paths: Paths = None, rules: RulesOpt = None) -> None:
    """Run the tests beside each rule on an embedded scratch graph."""
    from xiansuo.engines.falkordb import FalkorEngine
    from xiansuo.queries.ruletest import run_rule_tests

    try:
        selected = _selected(paths, rules)
    except RuleError as exc:
        console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="xiansuo-rules-") as work, \
            FalkorEngine(Path(work) / "scratch.db") as engine:  # fmt: skip
        for rule in selected:
            for result in run_rule_tests(engine, rule):
                mark = "[green]ok[/green]" if result.passed else "[red]FAIL[/red]"
                gap = " (known gap)" if result.known_gap else ""
                console.print(f"{mark} {result.rule}: {result.case}{gap}", soft_wrap=True)
                if result.message and not result.passed:
                    console.print(f"    {result.message}", soft_wrap=True, markup=False)
                passed, failed = passed + result.passed, failed + (not result.passed)
    console.print(f"{passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)
