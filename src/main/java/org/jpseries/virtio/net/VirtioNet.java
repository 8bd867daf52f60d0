package org.jpseries.virtio.net;

import static org.jpseries.virtio.Virtio.bit;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jpseries.state.Role;
import org.jpseries.state.Section;
import org.jpseries.state.StateException;
import org.jpseries.virtio.VirtQueue;
import org.jpseries.virtio.VirtQueueElement;
import org.jpseries.virtio.Virtio;
import org.jpseries.virtio.VirtioDevice;
import org.jpseries.virtio.VirtioError;

/**
 * virtio-net (virtio 1.2 §5.1; QEMU hw/net/virtio-net.c) with one queue pair and a control queue,
 * offering what QEMU 7.2 offers with a peer that has no virtio-net header (socket/stream): MAC,
 * STATUS (link up), MRG_RXBUF, CTRL_VQ with CTRL_RX, CTRL_RX_EXTRA, CTRL_VLAN, CTRL_MAC_ADDR,
 * CTRL_GUEST_OFFLOADS and GUEST_ANNOUNCE, no checksum or segmentation offloads. Receive only
 * into buffers the driver made available, refusing the peer while there are none; QEMU's receive
 * filter (rx mode, MAC table, VLAN table) decides which frames the guest sees.
 */
public final class VirtioNet extends VirtioDevice {
    /** Feature bits (§5.1.3). */
    public static final int F_CTRL_GUEST_OFFLOADS = 2, F_MAC = 5, F_MRG_RXBUF = 15, F_STATUS = 16, F_CTRL_VQ = 17,
            F_CTRL_RX = 18, F_CTRL_VLAN = 19, F_CTRL_RX_EXTRA = 20, F_GUEST_ANNOUNCE = 21, F_CTRL_MAC_ADDR = 23;
    /** The bits QEMU offers without peer offloads (virtio_net_get_features). */
    public static final long FEATURES = bit(F_CTRL_GUEST_OFFLOADS) | bit(F_MAC) | bit(F_MRG_RXBUF) | bit(F_STATUS)
            | bit(F_CTRL_VQ) | bit(F_CTRL_RX) | bit(F_CTRL_VLAN) | bit(F_CTRL_RX_EXTRA) | bit(F_GUEST_ANNOUNCE)
            | bit(F_CTRL_MAC_ADDR);
    /** Status bits of the configuration. */
    public static final int S_LINK_UP = 1, S_ANNOUNCE = 2;
    /** Control classes and commands (§5.1.6.5). */
    public static final int CTRL_RX = 0, CTRL_MAC = 1, CTRL_VLAN = 2, CTRL_ANNOUNCE = 3, CTRL_MQ = 4, CTRL_GUEST_OFFLOADS = 5;
    public static final int RX_PROMISC = 0, RX_ALLMULTI = 1, RX_ALLUNI = 2, RX_NOMULTI = 3, RX_NOUNI = 4, RX_NOBCAST = 5;
    public static final int MAC_TABLE_SET = 0, MAC_ADDR_SET = 1, VLAN_ADD = 0, VLAN_DEL = 1, ANNOUNCE_ACK = 0;
    public static final int OK = 0, ERR = 1;
    /** Queue indexes and QEMU's sizes (rx_queue_size, tx_queue_size, the control queue's 64). */
    public static final int RX = 0, TX = 1, CTRL = 2, RX_SIZE = 256, TX_SIZE = 256, CTRL_SIZE = 64;
    /** QEMU's MAC_TABLE_ENTRIES, MAX_VLAN, tx burst; the header lengths (struct virtio_net_hdr, _mrg_rxbuf). */
    public static final int MAC_TABLE_ENTRIES = 64, MAX_VLAN = 4096, TX_BURST = 256, HDR_LEN = 10, HDR_MRG_LEN = 12;
    static final int ETH_ALEN = 6, CONFIG_SIZE = 8;

    @Role(kind = Role.Kind.WIRING, why = "the host network peer")
    private final NetPeer peer;
    @Role(kind = Role.Kind.CONFIG, why = "mac=, fixed at creation (the reset value)")
    private final byte[] confMac;
    @Role(kind = Role.Kind.STATE)
    private final byte[] mac;
    @Role(kind = Role.Kind.STATE, value = "net-status")
    private int netStatus = S_LINK_UP;
    @Role(kind = Role.Kind.STATE, value = "rx-mode")
    private final boolean[] rxMode = new boolean[6];
    @Role(kind = Role.Kind.STATE, value = "mac-table")
    private byte[] macTable = new byte[0];
    @Role(kind = Role.Kind.STATE, value = "first-multi")
    private int firstMulti;
    @Role(kind = Role.Kind.STATE, value = "uni-overflow")
    private boolean uniOverflow;
    @Role(kind = Role.Kind.STATE, value = "multi-overflow")
    private boolean multiOverflow;
    @Role(kind = Role.Kind.STATE)
    private final int[] vlans = new int[MAX_VLAN / 32];
    @Role(kind = Role.Kind.DERIVED, why = "the negotiated header length, from the features")
    private int guestHdrLen = HDR_LEN;
    @Role(kind = Role.Kind.DERIVED, why = "MRG_RXBUF negotiated")
    private boolean mergeable;
    @Role(kind = Role.Kind.DERIVED, why = "a frame was refused: the peer is told when buffers come")
    private boolean peerWaiting;

    public VirtioNet(byte[] mac, NetPeer peer) {
        this(mac, peer, false);
    }

    /** @param iommuPlatform QEMU's iommu_platform=on (needs disable-legacy=on on the transport) */
    public VirtioNet(byte[] mac, NetPeer peer, boolean iommuPlatform) {
        super("net", Virtio.ID_NET, FEATURES, iommuPlatform, RX_SIZE, TX_SIZE, CTRL_SIZE);
        if (mac.length != ETH_ALEN) throw new IllegalArgumentException("MAC of " + mac.length + " bytes");
        this.confMac = mac.clone();
        this.mac = mac.clone();
        this.peer = peer;
        resetDevice();
    }

    public byte[] mac() {
        synchronized (lock) {
            return mac.clone();
        }
    }

    @Override
    public long badFeatures() {
        return bit(F_MAC) & hostFeatures(); // virtio_net_bad_features: MAC and offloads this device does not offer
    }

    @Override
    protected void featuresChanged(long f) {
        mergeable = Virtio.has(f, F_MRG_RXBUF);
        guestHdrLen = mergeable || Virtio.has(f, Virtio.F_VERSION_1) ? HDR_MRG_LEN : HDR_LEN;
        Arrays.fill(vlans, Virtio.has(f, F_CTRL_VLAN) ? 0 : -1); // virtio_net_set_features
    }

    /** virtio_net_reset. */
    @Override
    protected void resetDevice() {
        Arrays.fill(rxMode, false);
        rxMode[RX_PROMISC] = true;
        netStatus &= ~S_ANNOUNCE;
        macTable = new byte[0];
        firstMulti = 0;
        uniOverflow = multiOverflow = false;
        Arrays.fill(vlans, 0);
        System.arraycopy(confMac, 0, mac, 0, ETH_ALEN);
    }

    /** After a load or on request (QEMU's self-announce): ask the driver to announce itself, if it can. */
    public void announce() {
        synchronized (lock) {
            if (!negotiated(F_GUEST_ANNOUNCE) || !negotiated(F_CTRL_VQ)) return;
            netStatus |= S_ANNOUNCE;
            notifyConfig();
        }
    }

    // ---- configuration ----------------------------------------------------------------------------------------

    @Override
    public int configSize() {
        return CONFIG_SIZE;
    }

    @Override
    protected void fillConfig(ByteBuffer c) {
        c.put(0, mac);
        c.putShort(6, (short) netStatus);
    }

    /** virtio_net_set_config: a legacy driver without CTRL_MAC_ADDR sets the MAC here. */
    @Override
    protected void configWritten(ByteBuffer c) {
        if (!negotiated(F_CTRL_MAC_ADDR) && !negotiated(Virtio.F_VERSION_1)) c.get(0, mac);
    }

    // ---- receive ------------------------------------------------------------------------------------------------

    /**
     * A frame from the peer (virtio_net_receive_rcu), on the peer's thread: true when taken or
     * dropped (filtered, too big for non-mergeable buffers), false when the guest has no room yet:
     * the peer keeps it and is told by {@link NetPeer#retry}.
     */
    public boolean receive(ByteBuffer frame) {
        synchronized (lock) {
            VirtQueue q = queue(RX);
            if (!running() || !q.enabled()) { // virtio_net_can_receive
                peerWaiting = true;
                return false;
            }
            try {
                int size = frame.remaining();
                if (!hasBuffers(q, size + guestHdrLen)) {
                    peerWaiting = true;
                    return false;
                }
                if (!filter(frame)) return true;
                deliver(q, frame.slice());
            } catch (VirtioError e) {
                error(e.getMessage());
            }
            return true;
        }
    }

    /** virtio_net_has_buffers: notifications on while there is not enough, and checked again after. */
    private boolean hasBuffers(VirtQueue q, int need) throws VirtioError {
        if (q.empty() || mergeable && !q.availInBytes(need)) {
            q.setNotification(true);
            if (q.empty() || mergeable && !q.availInBytes(need)) return false;
        }
        q.setNotification(false);
        return true;
    }

    private void deliver(VirtQueue q, ByteBuffer frame) throws VirtioError {
        int size = frame.remaining();
        VirtQueueElement[] used = new VirtQueueElement[8];
        long[] lens = new long[8];
        int n = 0;
        int offset = 0;
        while (offset < size || n == 0) {
            VirtQueueElement e = q.pop();
            if (e == null) {
                for (int j = n - 1; j >= 0; j--) q.unpop();
                throw new VirtioError(String.format("virtio-net unexpected empty queue: i %d mergeable %d offset %d, size %d, guest hdr len %d, host hdr len 0 guest features 0x%x",
                        n, mergeable ? 1 : 0, offset, size, guestHdrLen, guestFeatures()));
            }
            if (e.inCount() < 1) throw new VirtioError("virtio-net receive queue contains no in buffers");
            long total = 0, guestOffset = 0;
            if (n == 0) {
                // receive_header: a zeroed struct virtio_net_hdr (flags 0, GSO_NONE) for a peer without one
                if (e.writeIn(0, ByteBuffer.allocate(HDR_LEN)) < 0) throw new VirtioError("virtio: bogus descriptor or out of resources");
                total = guestOffset = guestHdrLen;
            }
            ByteBuffer part = frame.slice(offset, size - offset);
            int len = e.writeIn(guestOffset, part);
            if (len < 0) throw new VirtioError("virtio: bogus descriptor or out of resources");
            total += len;
            offset += len;
            if (!mergeable && offset < size) { // the frame does not fit one buffer: dropped
                q.unpop();
                for (int j = n - 1; j >= 0; j--) q.unpop();
                return;
            }
            if (n == used.length) {
                used = Arrays.copyOf(used, n * 2);
                lens = Arrays.copyOf(lens, n * 2);
            }
            used[n] = e;
            lens[n++] = total;
        }
        if (mergeable) {
            ByteBuffer nb = ByteBuffer.allocate(2).order(dataOrder()).putShort(0, (short) n);
            if (used[0].writeIn(HDR_LEN, nb) < 0) throw new VirtioError("virtio: bogus descriptor or out of resources");
        }
        for (int j = 0; j < n; j++) q.push(used[j], lens[j]);
        notifyQueue(q);
    }

    /** receive_filter: promiscuous, VLAN table, broadcast, multicast and unicast rules, the MAC table. */
    private boolean filter(ByteBuffer f) {
        if (rxMode[RX_PROMISC]) return true;
        int p = f.position();
        if (f.remaining() >= 16 && (f.get(p + 12) & 0xff) == 0x81 && f.get(p + 13) == 0) {
            int vid = ((f.get(p + 14) & 0xff) << 8 | f.get(p + 15) & 0xff) & 0xfff;
            if ((vlans[vid >> 5] & 1 << (vid & 0x1f)) == 0) return false;
        }
        if (f.remaining() < ETH_ALEN) return false;
        byte[] dst = new byte[ETH_ALEN];
        f.get(p, dst);
        if ((dst[0] & 1) != 0) {
            if (Arrays.equals(dst, new byte[] {-1, -1, -1, -1, -1, -1})) return !rxMode[RX_NOBCAST];
            if (rxMode[RX_NOMULTI]) return false;
            if (rxMode[RX_ALLMULTI] || multiOverflow) return true;
            return inTable(dst, firstMulti, macTable.length / ETH_ALEN);
        }
        if (rxMode[RX_NOUNI]) return false;
        if (rxMode[RX_ALLUNI] || uniOverflow) return true;
        if (Arrays.equals(dst, mac)) return true;
        return inTable(dst, 0, firstMulti);
    }

    private boolean inTable(byte[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Arrays.equals(macTable, i * ETH_ALEN, (i + 1) * ETH_ALEN, dst, 0, ETH_ALEN)) return true;
        }
        return false;
    }

    // ---- queues ---------------------------------------------------------------------------------------------

    @Override
    protected void handleQueue(VirtQueue q) throws VirtioError {
        switch (q.index()) {
            case RX -> { // virtio_net_handle_rx: buffers came, the peer may deliver again
                if (peerWaiting) {
                    peerWaiting = false;
                    peer.retry();
                }
            }
            case TX -> flushTx(q);
            default -> drainQueue(q, this::control);
        }
    }

    @Override
    protected void resumed() {
        synchronized (lock) {
            if (peerWaiting) {
                peerWaiting = false;
                peer.retry();
            }
        }
    }

    /** virtio_net_flush_tx: each chain's frame, its header stripped, goes to the peer in order (after the lock is released). */
    private void flushTx(VirtQueue q) throws VirtioError {
        int[] count = {0};
        drainQueue(q, e -> {
            if (e.outCount() < 1) throw new VirtioError("virtio-net header not in first element");
            long size = e.outSize();
            if (size < guestHdrLen) throw new VirtioError("virtio-net header is invalid");
            ByteBuffer frame = ByteBuffer.allocate((int) Math.min(size - guestHdrLen, 1 << 20));
            if (e.readOut(guestHdrLen, frame) < 0) throw new VirtioError("virtio: bogus descriptor or out of resources");
            frame.flip();
            q.push(e, 0);
            notifyQueue(q);
            deferIo(() -> {
                peer.send(frame);
                return () -> {};
            });
            if (++count[0] >= TX_BURST) {
                kick(TX); // the rest after other work, as QEMU's tx bottom half reschedules
                return false;
            }
            return true;
        });
    }

    /** virtio_net_handle_ctrl_iov: the class and command, then the status byte. */
    private boolean control(VirtQueueElement e) throws VirtioError {
        if (e.inSize() < 1 || e.outSize() < 2) throw new VirtioError("virtio-net ctrl missing headers");
        long outSize = e.outSize();
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(outSize, 1 << 16)).order(dataOrder());
        if (e.readOut(0, all) < 0) throw new VirtioError("virtio: bogus descriptor or out of resources");
        all.flip();
        int cls = all.get() & 0xff, cmd = all.get() & 0xff;
        ByteBuffer data = all.slice().order(dataOrder());
        int status = switch (cls) {
            case CTRL_RX -> rxMode(cmd, data);
            case CTRL_MAC -> macCommand(cmd, data);
            case CTRL_VLAN -> vlanCommand(cmd, data);
            case CTRL_ANNOUNCE -> {
                if (cmd == ANNOUNCE_ACK && (netStatus & S_ANNOUNCE) != 0) {
                    netStatus &= ~S_ANNOUNCE;
                    yield OK;
                }
                yield ERR;
            }
            default -> ERR; // MQ not offered; GUEST_OFFLOADS_SET needs a peer with a header
        };
        if (e.writeIn(0, ByteBuffer.wrap(new byte[] {(byte) status})) < 0) throw new VirtioError("virtio: bogus descriptor or out of resources");
        queue(CTRL).push(e, 1);
        notifyQueue(queue(CTRL));
        return true;
    }

    /** virtio_net_handle_rx_mode. */
    private int rxMode(int cmd, ByteBuffer data) {
        if (data.remaining() < 1 || cmd > RX_NOBCAST) return ERR;
        rxMode[cmd] = data.get(0) != 0;
        return OK;
    }

    /** virtio_net_handle_mac: ADDR_SET takes exactly 6 bytes; TABLE_SET two tables that must fill the buffer exactly. */
    private int macCommand(int cmd, ByteBuffer d) {
        if (cmd == MAC_ADDR_SET) {
            if (d.remaining() != ETH_ALEN) return ERR;
            d.get(0, mac);
            return OK;
        }
        if (cmd != MAC_TABLE_SET) return ERR;
        byte[] table = new byte[MAC_TABLE_ENTRIES * ETH_ALEN];
        int inUse = 0;
        boolean uniOver = false, multiOver = false;
        if (d.remaining() < 4) return ERR;
        long uni = d.getInt() & 0xffffffffL;
        if (uni * ETH_ALEN > d.remaining()) return ERR;
        if (uni <= MAC_TABLE_ENTRIES) {
            d.get(table, 0, (int) uni * ETH_ALEN);
            inUse = (int) uni;
        } else {
            d.position(d.position() + (int) uni * ETH_ALEN);
            uniOver = true;
        }
        int first = inUse;
        if (d.remaining() < 4) return ERR;
        long multi = d.getInt() & 0xffffffffL;
        if (multi * ETH_ALEN != d.remaining()) return ERR;
        if (multi <= MAC_TABLE_ENTRIES - inUse) {
            d.get(table, inUse * ETH_ALEN, (int) multi * ETH_ALEN);
            inUse += (int) multi;
        } else {
            multiOver = true;
        }
        macTable = Arrays.copyOf(table, inUse * ETH_ALEN);
        firstMulti = first;
        uniOverflow = uniOver;
        multiOverflow = multiOver;
        return OK;
    }

    /** virtio_net_handle_vlan_table. */
    private int vlanCommand(int cmd, ByteBuffer d) {
        if (d.remaining() < 2) return ERR;
        int vid = d.getShort(0) & 0xffff;
        if (vid >= MAX_VLAN) return ERR;
        if (cmd == VLAN_ADD) vlans[vid >> 5] |= 1 << (vid & 0x1f);
        else if (cmd == VLAN_DEL) vlans[vid >> 5] &= ~(1 << (vid & 0x1f));
        else return ERR;
        return OK;
    }

    // ---- state ----------------------------------------------------------------------------------------------

    @Override
    protected void saveDevice(Section d) {
        byte[] modes = new byte[rxMode.length];
        for (int i = 0; i < modes.length; i++) modes[i] = (byte) (rxMode[i] ? 1 : 0);
        d.bytes("mac", mac.clone()).i32("net-status", netStatus).bytes("rx-mode", modes).bytes("mac-table", macTable.clone())
                .i32("first-multi", firstMulti).bool("uni-overflow", uniOverflow).bool("multi-overflow", multiOverflow)
                .ints("vlans", vlans.clone());
    }

    @Override
    protected Runnable loadDevice(Section d, String where) throws StateException {
        byte[] m = d.bytes("mac");
        if (m.length != ETH_ALEN) throw new StateException(where + "mac of " + m.length + " bytes");
        int st = d.i32("net-status", 0, S_LINK_UP | S_ANNOUNCE);
        byte[] modes = d.bytes("rx-mode");
        if (modes.length != rxMode.length) throw new StateException(where + "rx-mode of " + modes.length + " values, not " + rxMode.length);
        byte[] table = d.bytes("mac-table");
        if (table.length % ETH_ALEN != 0 || table.length > MAC_TABLE_ENTRIES * ETH_ALEN) {
            throw new StateException(where + "mac-table of " + table.length + " bytes");
        }
        int first = d.i32("first-multi", 0, table.length / ETH_ALEN);
        boolean uo = d.bool("uni-overflow"), mo = d.bool("multi-overflow");
        int[] v = d.ints("vlans");
        if (v.length != vlans.length) throw new StateException(where + "vlans of " + v.length + " words, not " + vlans.length);
        return () -> {
            System.arraycopy(m, 0, mac, 0, ETH_ALEN);
            netStatus = st;
            for (int i = 0; i < modes.length; i++) rxMode[i] = modes[i] != 0;
            macTable = table;
            firstMulti = first;
            uniOverflow = uo;
            multiOverflow = mo;
            System.arraycopy(v, 0, vlans, 0, vlans.length);
        };
    }
}
