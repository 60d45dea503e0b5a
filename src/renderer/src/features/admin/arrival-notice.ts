import { useEffect, useState } from 'react'
import { create } from 'zustand'
import { forgetOnSignOut } from '@/store/session'

interface ArrivalNoticeState {
  notice: string | null
  leave: (notice: string) => void
}

/** A status line for the next admin screen to show ("Account bob created."), then gone. */
export const useArrivalNoticeStore = create<ArrivalNoticeState>()((set) => ({
  notice: null,
  leave: (notice) => set({ notice })
}))

forgetOnSignOut(() => useArrivalNoticeStore.setState({ notice: null }))

/** The notice left for this screen, taken once when it opens. */
export function useArrivalNotice(): string | null {
  const [notice] = useState(() => useArrivalNoticeStore.getState().notice)
  useEffect(() => {
    useArrivalNoticeStore.setState({ notice: null })
  }, [])
  return notice
}
