package io.bpmnagents.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand over a socket, for requests no ordinary client sends: paths
 * spelled exactly as given, bodies streamed in chunks, a chosen loopback source address
 * (127.0.0.x) to stand for different clients.
 */
public final class RawHttp {

	private final int port;

	private final String sourceAddress;

	public RawHttp(int port) {
		this(port, null);
	}

	public RawHttp(int port, String sourceAddress) {
		this.port = port;
		this.sourceAddress = sourceAddress;
	}

	/** The same server, as seen from another loopback address. */
	public RawHttp from(String sourceAddress) {
		return new RawHttp(this.port, sourceAddress);
	}

	/** The value of an {@code Authorization} header that logs {@code user} in. */
	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** The request line, Host, Connection: close and these headers, unterminated. */
	private StringBuilder head(String method, String target, Map<String, String> headers) {
		StringBuilder head = new StringBuilder();
		head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: localhost:").append(this.port).append("\r\n");
		head.append("Connection: close\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		return head;
	}

	/** A request with a body of known length (or none). */
	public Response send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
		try (Socket socket = open()) {
			OutputStream out = socket.getOutputStream();
			StringBuilder head = head(method, target, headers);
			if (body != null) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				out.write(body);
			}
			out.flush();
			return read(socket.getInputStream());
		}
	}

	/**
	 * Declares a body of {@code declaredLength} bytes and sends only the head: what the
	 * server answers then, it answered without reading the body.
	 */
	public Response sendHeadOnly(String method, String target, Map<String, String> headers, long declaredLength)
			throws IOException {
		try (Socket socket = open()) {
			StringBuilder head = head(method, target, headers);
			head.append("Content-Length: ").append(declaredLength).append("\r\n\r\n");
			socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			return read(socket.getInputStream());
		}
	}

	/**
	 * Streams a chunked body of up to {@code totalBytes} from one reused buffer, while
	 * the answer is read on this thread; stops sending once the server has answered or
	 * closed. Returns the answer and how many body bytes went out.
	 */
	public Streamed sendChunked(String method, String target, Map<String, String> headers, long totalBytes, byte fill)
			throws Exception {
		try (Socket socket = open()) {
			OutputStream out = socket.getOutputStream();
			StringBuilder head = head(method, target, headers);
			head.append("Transfer-Encoding: chunked\r\n\r\n");
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			long[] sent = { 0 };
			Thread writer = new Thread(() -> {
				byte[] chunk = new byte[64 * 1024];
				java.util.Arrays.fill(chunk, fill);
				try {
					while (sent[0] < totalBytes) {
						int size = (int) Math.min(chunk.length, totalBytes - sent[0]);
						out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
						out.write(chunk, 0, size);
						out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
						sent[0] += size;
					}
					out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
				}
				catch (IOException ex) {
					// The server stopped reading: expected once it refused the body.
				}
			});
			writer.setDaemon(true);
			writer.start();
			Response response = read(socket.getInputStream());
			socket.shutdownOutput();
			writer.join(30_000);
			return new Streamed(response, sent[0]);
		}
	}

	private Socket open() throws IOException {
		Socket socket = new Socket();
		if (this.sourceAddress != null) {
			socket.bind(new InetSocketAddress(this.sourceAddress, 0));
		}
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
		socket.setSoTimeout(30_000);
		return socket;
	}

	private static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int headEnd = -1;
		Map<String, String> headers = new LinkedHashMap<>();
		int status = 0;
		int n;
		while ((n = in.read(buffer)) >= 0) {
			bytes.write(buffer, 0, n);
			String text = bytes.toString(StandardCharsets.ISO_8859_1);
			if (headEnd < 0) {
				headEnd = text.indexOf("\r\n\r\n");
				if (headEnd >= 0) {
					String[] lines = text.substring(0, headEnd).split("\r\n");
					status = Integer.parseInt(lines[0].split(" ")[1]);
					if (status == 100) {
						bytes.reset();
						bytes.write(text.substring(headEnd + 4).getBytes(StandardCharsets.ISO_8859_1));
						headEnd = -1;
						continue;
					}
					for (int i = 1; i < lines.length; i++) {
						int colon = lines[i].indexOf(':');
						// Repeated headers (Set-Cookie) are kept, one per line.
						headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
								lines[i].substring(colon + 1).strip(), (a, b) -> a + "\n" + b);
					}
				}
			}
			if (headEnd >= 0 && complete(text.substring(headEnd + 4), headers)) {
				break;
			}
		}
		if (headEnd < 0) {
			throw new IOException("No answer: " + bytes.toString(StandardCharsets.ISO_8859_1));
		}
		String body = bytes.toString(StandardCharsets.ISO_8859_1).substring(headEnd + 4);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Response(status, headers,
				new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
	}

	private static boolean complete(String body, Map<String, String> headers) {
		String length = headers.get("content-length");
		if (length != null) {
			return body.getBytes(StandardCharsets.ISO_8859_1).length >= Integer.parseInt(length);
		}
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			return body.endsWith("0\r\n\r\n");
		}
		return false;
	}

	private static String dechunk(String body) {
		StringBuilder out = new StringBuilder();
		int at = 0;
		while (at < body.length()) {
			int lineEnd = body.indexOf("\r\n", at);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].strip(), 16);
			if (size == 0) {
				break;
			}
			out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
			at = lineEnd + 2 + size + 2;
		}
		return out.toString();
	}

	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	public record Streamed(Response response, long bytesSent) {
	}

}
