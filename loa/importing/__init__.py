"""`loa import`: an official document (.docx, or a PDF with a text layer) laid out per Nghị định
30/2020/NĐ-CP becomes one announcement file of the content model, with the original attached.

Readers (`docx_reader`, `pdf_reader`) turn a file into the same structured text (`blocks`); the
recogniser (`recognize`) finds the fields of the NĐ 30 layout in it, knowing nothing of files or
engines; `writer` writes the announcement and copies the original; `command` is the webmaster's
command. Nothing here imports MkDocs.
"""
