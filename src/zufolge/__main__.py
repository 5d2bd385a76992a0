from zufolge.serve.cli import run_cli

run_cli()
