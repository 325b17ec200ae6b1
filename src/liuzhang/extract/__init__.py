"""Drafting a plan from its document (``liuzhang extract``): read a .txt, .docx or .pdf into
blocks of normalised text (:mod:`.document`), find this year's targets (:mod:`.targets`), the
tasks with their units and deadlines (:mod:`.tasks`, :mod:`.units`), and assemble a draft plan
folder whose every item quotes its evidence (:mod:`.draft`). Rules, not models: each rule is a
function with a table of tested cases."""
