import click

group = click.Group("evlendirme")
