"""liuzhang (六仗): track the 2023 大通湖区 “发展六仗” plan."""

__version__ = "0.1.0"
