/**
 * The host's descriptors that the JDK cannot reach, through the C library by the
 * foreign-function API ({@link org.jpseries.host.Libc}): an owned descriptor
 * ({@link org.jpseries.host.HostFd}), stream sockets that listen on a unix path or adopt an
 * inherited listening descriptor ({@link org.jpseries.host.StreamListener}) and whose connections
 * receive descriptors sent with SCM_RIGHTS ({@link org.jpseries.host.StreamConnection}), and
 * pseudo-terminals ({@link org.jpseries.host.Pty}). Every libc failure is an IOException with the
 * call's name and strerror's text.
 */
package org.jpseries.host;
