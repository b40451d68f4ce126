"""Mojibake: the `repair` step and the ways text gets garbled.

- `repair`: the step (line by line: ftfy, then a cross-codec search, lossy and frame-shift repair);
- `crosscodec`: text encoded in one codec and decoded in another (GBK read as Big5, UTF-8 as GBK);
- `lossy`: the same with `?`/U+FFFD where bytes failed;
- `frameshift`: a double-byte stream that lost one byte;
- `converter_noise`: pinyin glued after characters, doubled punctuation.
"""
