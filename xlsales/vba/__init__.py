"""VBA projects inside Office files (``vbaProject.bin``), as [MS-OVBA] describes them:
read, rename and rewrite their source modules without Office.

- :mod:`.compression`: the run-length compression of the source and ``dir`` streams;
- :mod:`.compound_file`: the compound file (OLE) container, read and written;
- :mod:`.project`: the project (its name, its modules and their source code).
"""
