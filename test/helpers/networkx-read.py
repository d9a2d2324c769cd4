"""Reads a GraphML or GEXF export with networkx, as an analyst would, and prints what it read as JSON.

Usage: networkx-read.py graphml|gexf FILE [NODE_ID ...]
Prints {"networkx", "nodes", "edges", "directed", "graph", "nodeData": {id: {name: [python type, value]}}} for the nodes named.
"""

import json
import sys

import networkx as nx

readers = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


def main() -> None:
    form, path, *ids = sys.argv[1:]
    graph = readers[form](path)
    node_data = {
        node: {name: [type(value).__name__, value] for name, value in graph.nodes[node].items()}
        for node in ids
        if node in graph
    }
    summary = {
        "networkx": nx.__version__,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "directed": graph.is_directed(),
        "graph": type(graph).__name__,
        "nodeData": node_data,
    }
    json.dump(summary, sys.stdout, ensure_ascii=False)


main()
