//! `server compress-assets <dir>`: each wasm, JS and CSS file of the release site
//! compressed once, at the highest settings, beside itself (`<file>.br`, `<file>.gz`).
//! The server sends those to browsers that accept them (`ServeDir::precompressed_br`)
//! instead of compressing each response on the fly at a quicker, weaker setting: the
//! files are content-hashed and never change once built.

use anyhow::Context as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The files compressed: what a page loads from `pkg/`.
const EXTENSIONS: &[&str] = &["wasm", "js", "css"];

/// Compress every such file under `dir` (its subdirectories too: JS snippets), on one
/// thread per core, the largest files first, and print each one's sizes. (One thread a
/// file started about 190 at once, beside the rest of the build.)
pub(super) fn compress_assets(dir: &Path) -> anyhow::Result<()> {
    let mut files = Vec::new();
    collect(dir, &mut files).with_context(|| format!("reading {}", dir.display()))?;
    files.sort();
    anyhow::ensure!(
        !files.is_empty(),
        "no wasm, JS or CSS file under {}",
        dir.display()
    );
    // The largest first: the admin's wasm is most of the work, and taken last it would
    // end alone on one core.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(std::fs::metadata(&files[i]).map_or(0, |m| m.len())));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(files.len());
    let mut sizes = std::thread::scope(|scope| {
        let running: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&i) = order.get(taken) else {
                            return Ok(done);
                        };
                        done.push((i, compress(&files[i])?));
                    }
                })
            })
            .collect();
        running
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a compression thread panicked")))
            })
            .collect::<anyhow::Result<Vec<Vec<_>>>>()
    })?
    .concat();
    sizes.sort_by_key(|&(i, _)| i);
    for (file, (_, (raw, br, gz))) in files.iter().zip(sizes) {
        println!(
            "compress-assets: {} {raw} bytes, brotli {br}, gzip {gz}",
            file.display()
        );
    }
    Ok(())
}

/// Every wasm, JS and CSS file under `dir`, its subdirectories too (not the compressed
/// copies beside them). The service worker's precache lists a bundle's with it.
pub(crate) fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// Write `file.br` (brotli, quality 11, 16 MB window) and `file.gz` (gzip level 9), each
/// through a temporary file renamed into place; returns the three sizes.
fn compress(file: &Path) -> anyhow::Result<(usize, usize, usize)> {
    let data = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut data.as_slice(), &mut br, &params)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&data)?;
    let gz = gz.finish()?;
    for (suffix, bytes) in [("br", &br), ("gz", &gz)] {
        let mut target = file.as_os_str().to_owned();
        target.push(".");
        target.push(suffix);
        let target = PathBuf::from(target);
        let mut partial = target.clone().into_os_string();
        partial.push(".partial");
        std::fs::write(&partial, bytes).with_context(|| format!("writing {}", target.display()))?;
        std::fs::rename(&partial, &target)?;
    }
    Ok((data.len(), br.len(), gz.len()))
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    #[test]
    fn each_asset_gets_a_brotli_and_a_gzip_copy_that_read_back_as_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("snippets/x")).unwrap();
        let wasm: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("storefront.abc.wasm"), &wasm).unwrap();
        std::fs::write(
            dir.path().join("snippets/x/inline0.js"),
            "export const a = 1;",
        )
        .unwrap();
        std::fs::write(dir.path().join("readme.txt"), "not an asset").unwrap();
        super::compress_assets(dir.path()).unwrap();

        let br = std::fs::read(dir.path().join("storefront.abc.wasm.br")).unwrap();
        let mut back = Vec::new();
        brotli::Decompressor::new(br.as_slice(), 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, wasm);
        assert!(br.len() < wasm.len() / 10, "{} bytes", br.len());
        let gz = std::fs::read(dir.path().join("storefront.abc.wasm.gz")).unwrap();
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, wasm);
        assert!(dir.path().join("snippets/x/inline0.js.br").exists());
        assert!(!dir.path().join("readme.txt.br").exists());
        // Run again (a rebuild): the copies are replaced, nothing compresses a copy.
        super::compress_assets(dir.path()).unwrap();
        assert!(!dir.path().join("storefront.abc.wasm.br.br").exists());
    }
}
