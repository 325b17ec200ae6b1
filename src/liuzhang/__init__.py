"""liuzhang (六仗): track a plan's targets and tasks month by month; the plan is data (data/)."""

__version__ = "0.1.0"
