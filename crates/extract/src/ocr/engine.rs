//! Tesseract 5 through its C API (`tesseract/capi.h`), loaded at run time.
//!
//! Why loaded, not linked: the two-command set-up must build on a machine without Tesseract,
//! and a machine without it must still run (image-only pages then stay unread, said once). So
//! `libtesseract.so.5` and Leptonica's `liblept.so.5` are opened with `dlopen` the first time a
//! page needs OCR, and every later call goes through the function pointers taken then.
//!
//! A `TessBaseAPI` is not thread-safe and loading `chi_sim` takes a moment, so initialised
//! handles wait in a pool: a worker takes one, recognises a page, and gives it back.

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::sync::{Mutex, OnceLock};

use libloading::Library;

/// The recognition language: Debian's `tesseract-ocr-chi-sim` (it reads Latin letters and digits
/// too, so credit codes and figures need no second model).
pub(crate) const LANGUAGE: &str = "chi_sim";

/// Largest image handed to the engine, in pixels (a 300-dpi A3 page is 17.5 M): an image
/// header claiming more is refused before anything is decoded.
pub(crate) const MAX_PIXELS: u64 = 40_000_000;

type Handle = *mut c_void;

/// The entry points used, with the signatures of `capi.h` (Tesseract 5) and `allheaders.h`
/// (Leptonica 1.8x).
struct Api {
    create: unsafe extern "C" fn() -> Handle,
    delete: unsafe extern "C" fn(Handle),
    init3: unsafe extern "C" fn(Handle, *const c_char, *const c_char) -> c_int,
    set_variable: unsafe extern "C" fn(Handle, *const c_char, *const c_char) -> c_int,
    set_psm: unsafe extern "C" fn(Handle, c_int),
    set_image: unsafe extern "C" fn(Handle, *const u8, c_int, c_int, c_int, c_int),
    set_image2: unsafe extern "C" fn(Handle, *mut c_void),
    set_resolution: unsafe extern "C" fn(Handle, c_int),
    recognize: unsafe extern "C" fn(Handle, *mut c_void) -> c_int,
    tsv: unsafe extern "C" fn(Handle, c_int) -> *mut c_char,
    delete_text: unsafe extern "C" fn(*mut c_char),
    clear: unsafe extern "C" fn(Handle),
    monitor_create: unsafe extern "C" fn() -> *mut c_void,
    monitor_delete: unsafe extern "C" fn(*mut c_void),
    monitor_deadline: unsafe extern "C" fn(*mut c_void, c_int),
    pix_read_mem: unsafe extern "C" fn(*const u8, usize) -> *mut c_void,
    pix_header_mem: unsafe extern "C" fn(
        *const u8,
        usize,
        *mut c_int,
        *mut c_int,
        *mut c_int,
        *mut c_int,
        *mut c_int,
        *mut c_int,
    ) -> c_int,
    pix_destroy: unsafe extern "C" fn(*mut *mut c_void),
    /// OpenMP's per-thread team size (libgomp, which Debian's Tesseract links): one thread per
    /// page, so `--jobs N` means N cores and results do not depend on the thread count.
    omp_threads: Option<unsafe extern "C" fn(c_int)>,
    version: String,
    // Kept open for the life of the process: the pointers above point into them.
    _libs: Vec<Library>,
}

// SAFETY: the function pointers are plain code addresses into libraries kept loaded for the
// life of the process; calling them from any thread is what the libraries are built for (each
// `TessBaseAPI` handle is used by one thread at a time, see `Pool`).
unsafe impl Send for Api {}
unsafe impl Sync for Api {}

/// An initialised `TessBaseAPI`, owned by one thread at a time.
struct Engine(Handle);
// SAFETY: a handle moves between threads through the pool's mutex and is never shared.
unsafe impl Send for Engine {}

static API: OnceLock<Result<Api, String>> = OnceLock::new();
static POOL: Mutex<Vec<Engine>> = Mutex::new(Vec::new());

/// The engine's version (`5.3.0`) when Tesseract, Leptonica and the `chi_sim` data can be
/// loaded; otherwise the reason, in words for the officer.
pub fn status() -> Result<&'static str, &'static str> {
    match api() {
        Ok(a) => Ok(a.version.as_str()),
        Err(e) => Err(e.as_str()),
    }
}

fn api() -> Result<&'static Api, &'static String> {
    API.get_or_init(load).as_ref()
}

fn open(names: &[&str]) -> Result<Library, String> {
    let mut last = String::new();
    for n in names {
        // SAFETY: loading a system library runs its initialisers; Tesseract's and Leptonica's
        // have no preconditions.
        match unsafe { Library::new(n) } {
            Ok(l) => return Ok(l),
            Err(e) => last = e.to_string(),
        }
    }
    Err(last)
}

/// Looks a symbol up and copies the function pointer out.
///
/// SAFETY (for callers): `T` must be the symbol's true C signature.
unsafe fn sym<T: Copy>(lib: &Library, name: &str) -> Result<T, String> {
    // SAFETY: the caller guarantees the type; the library outlives the pointer (kept in `Api`).
    unsafe {
        lib.get::<T>(name.as_bytes())
            .map(|s| *s)
            .map_err(|e| format!("{name}: {e}"))
    }
}

fn load() -> Result<Api, String> {
    let missing = |e: String| {
        format!("未安装 Tesseract OCR（apt-get install tesseract-ocr tesseract-ocr-chi-sim）: {e}")
    };
    let tess = open(&["libtesseract.so.5", "libtesseract.so"]).map_err(missing)?;
    let lept = open(&["liblept.so.5", "libleptonica.so.6", "libleptonica.so"]).map_err(missing)?;
    let gomp = open(&["libgomp.so.1"]).ok();
    // SAFETY: every signature below is copied from capi.h / allheaders.h.
    let api = unsafe {
        let version: unsafe extern "C" fn() -> *const c_char = sym(&tess, "TessVersion")?;
        let v = version();
        let version = if v.is_null() {
            String::new()
        } else {
            CStr::from_ptr(v).to_string_lossy().into_owned()
        };
        let set_severity: unsafe extern "C" fn(c_int) -> c_int = sym(&lept, "setMsgSeverity")?;
        // L_SEVERITY_NONE: Leptonica's complaints about a broken image would break the
        // progress display; the page's outcome says what happened instead.
        set_severity(6);
        Api {
            create: sym(&tess, "TessBaseAPICreate")?,
            delete: sym(&tess, "TessBaseAPIDelete")?,
            init3: sym(&tess, "TessBaseAPIInit3")?,
            set_variable: sym(&tess, "TessBaseAPISetVariable")?,
            set_psm: sym(&tess, "TessBaseAPISetPageSegMode")?,
            set_image: sym(&tess, "TessBaseAPISetImage")?,
            set_image2: sym(&tess, "TessBaseAPISetImage2")?,
            set_resolution: sym(&tess, "TessBaseAPISetSourceResolution")?,
            recognize: sym(&tess, "TessBaseAPIRecognize")?,
            tsv: sym(&tess, "TessBaseAPIGetTsvText")?,
            delete_text: sym(&tess, "TessDeleteText")?,
            clear: sym(&tess, "TessBaseAPIClear")?,
            monitor_create: sym(&tess, "TessMonitorCreate")?,
            monitor_delete: sym(&tess, "TessMonitorDelete")?,
            monitor_deadline: sym(&tess, "TessMonitorSetDeadlineMSecs")?,
            pix_read_mem: sym(&lept, "pixReadMem")?,
            pix_header_mem: sym(&lept, "pixReadHeaderMem")?,
            pix_destroy: sym(&lept, "pixDestroy")?,
            omp_threads: gomp
                .as_ref()
                .and_then(|g| sym(g, "omp_set_num_threads").ok()),
            version,
            _libs: [Some(tess), Some(lept), gomp]
                .into_iter()
                .flatten()
                .collect(),
        }
    };
    // One engine now: a missing chi_sim model is found here, once, not on every page.
    let first = new_engine(&api)?;
    POOL.lock().unwrap_or_else(|p| p.into_inner()).push(first);
    Ok(api)
}

fn new_engine(api: &Api) -> Result<Engine, String> {
    let lang = CString::new(LANGUAGE).expect("no NUL");
    // SAFETY: create/init/set_variable on a fresh handle, per capi.h; NULL datapath means the
    // library's compiled-in tessdata folder (or TESSDATA_PREFIX).
    unsafe {
        let h = (api.create)();
        if h.is_null() {
            return Err("Tesseract: cannot create an engine".into());
        }
        if (api.init3)(h, std::ptr::null(), lang.as_ptr()) != 0 {
            (api.delete)(h);
            return Err(format!(
                "Tesseract 缺少 {LANGUAGE} 语言数据（apt-get install tesseract-ocr-chi-sim）"
            ));
        }
        // The engine's own diagnostics would break the progress display.
        let (k, v) = (c"debug_file", c"/dev/null");
        (api.set_variable)(h, k.as_ptr(), v.as_ptr());
        // PSM_AUTO (3): page segmentation with layout analysis, no orientation detection.
        (api.set_psm)(h, 3);
        Ok(Engine(h))
    }
}

/// An image for the engine, as it comes from the document.
pub(crate) enum Image<'a> {
    /// Encoded bytes Leptonica decodes: JPEG (PDF `DCTDecode`), JPEG 2000 (`JPXDecode`), PNG,
    /// TIFF, BMP (DOCX media).
    Encoded(&'a [u8]),
    /// Raw samples, rows top to bottom without padding beyond `stride`: `depth` 8 (gray), 24
    /// (RGB) or 1 (MSB first, 1 = white, as PDF DeviceGray with the default `/Decode`).
    Raw {
        /// Samples.
        data: &'a [u8],
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// Bits per pixel: 1, 8 or 24.
        depth: u32,
        /// Bytes per row.
        stride: u32,
    },
}

/// The size in pixels of an encoded image from its header, without decoding it.
pub(crate) fn encoded_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let api = api().ok()?;
    let (mut fmt, mut w, mut h, mut bps, mut spp, mut cmap) = (0, 0, 0, 0, 0, 0);
    // SAFETY: pixReadHeaderMem reads `len` bytes from `data` and writes the six out-params.
    let rc = unsafe {
        (api.pix_header_mem)(
            bytes.as_ptr(),
            bytes.len(),
            &mut fmt,
            &mut w,
            &mut h,
            &mut bps,
            &mut spp,
            &mut cmap,
        )
    };
    (rc == 0 && w > 0 && h > 0).then_some((w as u32, h as u32))
}

/// Recognises one image at `dpi`, giving up after `deadline_ms`. Returns Tesseract's TSV
/// (one row per page, block, paragraph, line and word, with boxes in pixels and word
/// confidences 0–100). Errors: the engine is missing, the image is refused (too large, not
/// decodable), or recognition failed or ran out of time.
pub(crate) fn recognize(image: &Image<'_>, dpi: u32, deadline_ms: u32) -> Result<String, String> {
    let api = api().map_err(|e| e.clone())?;
    let engine = {
        let pooled = POOL.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match pooled {
            Some(e) => e,
            None => new_engine(api)?,
        }
    };
    let out = run(api, &engine, image, dpi, deadline_ms);
    // SAFETY: clear drops the page's results; the handle stays initialised for the next page.
    unsafe { (api.clear)(engine.0) };
    POOL.lock().unwrap_or_else(|p| p.into_inner()).push(engine);
    out
}

fn run(
    api: &Api,
    engine: &Engine,
    image: &Image<'_>,
    dpi: u32,
    deadline_ms: u32,
) -> Result<String, String> {
    let h = engine.0;
    if let Some(set) = api.omp_threads {
        // SAFETY: sets this thread's OpenMP team size; no other effect.
        unsafe { set(1) };
    }
    let mut pix: *mut c_void = std::ptr::null_mut();
    match *image {
        Image::Encoded(bytes) => {
            let (w, hgt) = encoded_size(bytes).ok_or("图像无法解码 (undecodable image)")?;
            if u64::from(w) * u64::from(hgt) > MAX_PIXELS {
                return Err(format!("图像过大 ({w}×{hgt} 像素)"));
            }
            // SAFETY: Leptonica decodes the bytes into a new PIX or returns NULL.
            pix = unsafe { (api.pix_read_mem)(bytes.as_ptr(), bytes.len()) };
            if pix.is_null() {
                return Err("图像无法解码 (undecodable image)".into());
            }
            // SAFETY: the engine takes a reference to the PIX for this page only.
            unsafe { (api.set_image2)(h, pix) };
        }
        Image::Raw {
            data,
            width,
            height,
            depth,
            stride,
        } => {
            let need = u64::from(stride) * u64::from(height);
            let row = (u64::from(width) * u64::from(depth)).div_ceil(8);
            if !matches!(depth, 1 | 8 | 24)
                || u64::from(stride) < row
                || (data.len() as u64) < need
                || u64::from(width) * u64::from(height) > MAX_PIXELS
                || width == 0
                || height == 0
            {
                return Err("图像尺寸与数据不符 (image size does not match its data)".into());
            }
            let bpp = (depth / 8) as c_int; // 0 means 1 bit per pixel in capi
            // SAFETY: `data` holds `stride × height` bytes (checked above); Tesseract copies them.
            unsafe {
                (api.set_image)(
                    h,
                    data.as_ptr(),
                    width as c_int,
                    height as c_int,
                    bpp,
                    stride as c_int,
                )
            };
        }
    }
    // SAFETY: per capi.h; the monitor lives until after recognition, the text is freed by
    // TessDeleteText, the PIX by pixDestroy after the engine no longer needs it.
    unsafe {
        (api.set_resolution)(h, dpi.clamp(70, 1200) as c_int);
        let monitor = (api.monitor_create)();
        if !monitor.is_null() {
            (api.monitor_deadline)(monitor, deadline_ms.min(i32::MAX as u32) as c_int);
        }
        let rc = (api.recognize)(h, monitor);
        let text = if rc == 0 {
            (api.tsv)(h, 0)
        } else {
            std::ptr::null_mut()
        };
        if !monitor.is_null() {
            (api.monitor_delete)(monitor);
        }
        let out = if text.is_null() {
            Err(if rc == 0 {
                "OCR 无结果".to_string()
            } else {
                format!(
                    "OCR 未能完成（超过每页 {} 秒或识别失败）",
                    deadline_ms / 1000
                )
            })
        } else {
            let s = CStr::from_ptr(text).to_string_lossy().into_owned();
            (api.delete_text)(text);
            Ok(s)
        };
        if !pix.is_null() {
            (api.clear)(h);
            (api.pix_destroy)(&mut pix);
        }
        out
    }
}
